package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.enrich.Enricher;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topics;

/**
 * The benchmark's own machinery, small: the corpus holds the statements it says, the ceiling reads
 * every record it wrote, a pipeline run ends only once every statement is enriched and the
 * aggregate has caught up, with the aggregate's count read back, and on an external cluster each
 * run starts on empty topics and leaves none behind.
 */
class PipelineBenchTest {

    private static List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            texts.add("Kremlin spokesman Dmitry Peskov said on Tuesday that Russia was ready for talks. "
                    + "Ukrainian President Volodymyr Zelensky rejected the proposal as an ultimatum.\n\n"
                    + "Prices of grain rose " + i + " percent on the news, traders in Chicago said.");
        }
        return texts;
    }

    @Test
    void theCorpusHoldsTheStatementsIngestWillSplit(@TempDir Path dir) throws Exception {
        PipelineBench.Corpus corpus = PipelineBench.corpus(dir, texts(), 1_600);
        assertThat(corpus.statements()).isGreaterThanOrEqualTo(1_600);
        assertThat(corpus.statements()).as("three statements an article").isEqualTo(3L * corpus.articles())
                .as("no more articles than needed").isLessThan(1_600 + 3);
        assertThat(corpus.feeds()).hasSize((int) Math.ceil(corpus.articles() / (double) PipelineBench.ARTICLES_PER_FEED));
    }

    @Test
    void aRunEndsWhenTheAggregateHasCountedEveryStatement(@TempDir Path dir) throws Exception {
        PipelineBench.Corpus corpus = PipelineBench.corpus(dir.resolve("feeds"), texts(), 1_000);
        List<String> progress = new ArrayList<>();
        PipelineBench.Run run = PipelineBench.pipeline(corpus, Enricher.rulesOnly(), 2, dir, progress::add);
        assertThat(run.statements()).isEqualTo(corpus.statements());
        // Peskov's statement counts for Russia and Zelensky's for Ukraine; the grain prices for nobody.
        assertThat(run.counted()).isPositive().isLessThan(run.statements());
        assertThat(run.seconds()).isPositive();
    }

    @Test
    void aRunWithTwoEnrichInstancesCountsTheSame(@TempDir Path dir) throws Exception {
        PipelineBench.Corpus corpus = PipelineBench.corpus(dir.resolve("feeds"), texts(), 600);
        PipelineBench.Cluster fresh = PipelineBench.Cluster.embedded();
        PipelineBench.Run one = PipelineBench.pipeline(fresh, corpus, Enricher.rulesOnly(), 3, 1, dir, line -> { });
        PipelineBench.Run two = PipelineBench.pipeline(fresh, corpus, Enricher.rulesOnly(), 3, 2, dir, line -> { });
        assertThat(two.statements()).isEqualTo(one.statements());
        assertThat(two.counted()).isEqualTo(one.counted()).isPositive();
    }

    @Test
    void theLatencyRunSeesItsProbesOnTheEventStream(@TempDir Path dir) throws Exception {
        PipelineBench.Corpus corpus = PipelineBench.corpus(dir.resolve("feeds"), texts(), 500);
        PipelineBench.Latency latency = PipelineBench.latency(PipelineBench.Cluster.embedded(), corpus, Enricher.rulesOnly(), 2, 50, 4, dir, line -> { });
        assertThat(latency.sent()).isGreaterThanOrEqualTo(8);
        assertThat(latency.seen()).as("every probe reaches the stream").isEqualTo(latency.sent());
        assertThat(latency.p50Millis()).isPositive().isLessThanOrEqualTo(latency.p99Millis());
        assertThat(latency.p99Millis()).isLessThanOrEqualTo(latency.maxMillis());
        assertThat(latency.statements()).isBetween(150L, 250L);
    }

    @Test
    void onAClusterOfItsOwnEachRunStartsEmptyAndLeavesItEmpty(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(null, 0)) {
            KafkaClientConfig kafka = KafkaClientConfig.of(broker.bootstrapServers());
            PipelineBench.Cluster cluster = PipelineBench.Cluster.external(kafka);
            PipelineBench.Corpus corpus = PipelineBench.corpus(dir.resolve("feeds"), texts(), 300);
            PipelineBench.Run first = PipelineBench.pipeline(cluster, corpus, Enricher.rulesOnly(), 2, 1, dir, line -> { });
            // Left over from the first run, the topics would hold the articles already (ingest would publish none) or twice.
            PipelineBench.Run second = PipelineBench.pipeline(cluster, corpus, Enricher.rulesOnly(), 2, 1, dir, line -> { });
            assertThat(second.statements()).isEqualTo(first.statements());
            assertThat(second.counted()).isEqualTo(first.counted()).isPositive();
            try (Admin admin = Admin.create(kafka.with(Map.of()))) {
                assertThat(admin.listTopics().names().get()).noneMatch(t -> t.startsWith("parley"));
                assertThat(admin.listGroups().all().get()).noneMatch(g -> g.groupId().startsWith("parley"));
                admin.createTopics(List.of(new NewTopic(Topics.STATEMENTS.name(), 1, (short) 1))).all().get();
            }
            assertThatThrownBy(cluster::lease).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(Topics.STATEMENTS.name()).hasMessageContaining("a cluster of its own");
        }
    }

    @Test
    void theCeilingReadsEveryRecordItWrote() throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(null, 0)) {
            PipelineBench.Ceiling c = PipelineBench.ceiling(KafkaClientConfig.of(broker.bootstrapServers()), 20_000, 300, 2);
            // It throws unless every record came back; then its time is that of the last one read.
            assertThat(c.seconds()).isPositive();
            assertThat(c.recordsPerSecond()).isEqualTo(20_000 / c.seconds(), org.assertj.core.api.Assertions.within(1e-6));
        }
    }
}

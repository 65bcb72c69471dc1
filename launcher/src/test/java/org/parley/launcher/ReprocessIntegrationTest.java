package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.Statement;
import org.parley.avro.StatementKind;
import org.parley.enrich.Enricher;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topics;

/** {@code --reprocess}: enrich reads the statements topic again from its beginning. */
@ExtendWith(KafkaClusterExtension.class)
class ReprocessIntegrationTest {

    private int runs;

    @Test
    void reprocessingEnrichesEveryStatementAgain(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        TopicSetup.ensureTopics(KafkaClientConfig.of(kafka.bootstrapServers()), 2, (short) 1);
        String article = "reprocess-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 2; i++) {
                String text = i == 0 ? "Peskov said Russia is ready for talks." : "The weather was fine.";
                Statement s = Statement.newBuilder().setId(article + ":" + i).setArticleId(article).setIndex(i).setText(text)
                        .setStart(0).setEnd(text.length()).setParagraph(i).setKind(StatementKind.REPORTED_SPEECH)
                        .setPublishedAt(Instant.parse("2024-06-01T00:00:00Z")).setSource("test").setUrl(null).build();
                producer.send(new ProducerRecord<>(Topics.STATEMENTS.name(), article, Topics.STATEMENTS.valueSerde().encode(s))).get();
            }
        }
        runEnrich(kafka, dir, false, 2, article);
        runEnrich(kafka, dir, false, 2, article); // a restart resumes where it was: nothing new
        runEnrich(kafka, dir, true, 4, article);  // --reprocess: both statements again
    }

    private void runEnrich(KafkaCluster kafka, Path dir, boolean reprocess, int expected, String article) throws Exception {
        // Each run as its own process would: a state directory of its own (a JVM keeps a closed
        // instance's directory lock for a while); the offsets in Kafka are what carry over.
        try (Pipeline p = Pipeline.start(new Pipeline.Config(KafkaClientConfig.of(kafka.bootstrapServers()), dir.resolve("streams-" + (++runs)), List.of(), null,
                null, new Pipeline.Http(0, "localhost", null), false, true, false, Enricher.bundled(), reprocess, null))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> countEnriched(kafka, article), n -> n >= expected);
            Thread.sleep(1500); // long enough for a wrongly re-read statement to show up as well
            assertThat(countEnriched(kafka, article)).isEqualTo(expected);
        }
    }

    private static long countEnriched(KafkaCluster kafka, String article) {
        long n = 0;
        for (var r : TopicReader.readAll(kafka, Topics.ENRICHED.name())) {
            if (article.equals(r.key())) {
                EnrichedStatement e = Topics.ENRICHED.valueSerde().decode(r.value());
                assertThat(e.getStatement().getArticleId()).isEqualTo(article);
                n++;
            }
        }
        return n;
    }
}

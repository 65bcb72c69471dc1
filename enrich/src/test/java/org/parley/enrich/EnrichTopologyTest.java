package org.parley.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.avro.DeadLetter;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.Stance;
import org.parley.avro.Statement;
import org.parley.avro.StatementKind;
import org.parley.enrich.attribution.Discourse;
import org.parley.schemas.Topics;

class EnrichTopologyTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> statements;
    private TestOutputTopic<String, EnrichedStatement> enriched;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void setUp() {
        driver = new TopologyTestDriver(EnrichTopology.build(Enricher.bundled(), Clock.fixed(NOW, ZoneOffset.UTC)));
        statements = driver.createInputTopic(Topics.STATEMENTS.name(), new StringSerializer(), new ByteArraySerializer());
        enriched = driver.createOutputTopic(Topics.ENRICHED.name(), Topics.ENRICHED.keySerde().deserializer(),
                Topics.ENRICHED.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void send(String articleId, int index, String text, StatementKind kind) {
        Statement s = Statement.newBuilder().setId(articleId + ":" + index).setArticleId(articleId).setIndex(index)
                .setText(text).setStart(0).setEnd(text.length()).setParagraph(index).setKind(kind)
                .setPublishedAt(Instant.parse("2024-06-01T10:00:00Z")).setSource("test").setUrl(null).build();
        statements.pipeInput(articleId, Topics.STATEMENTS.valueSerde().encode(s));
    }

    @Test
    void enrichesEachStatementAndCarriesTheSpeakerAcrossRecordsOfOneArticle() {
        send("a1", 0, "Foreign Minister Sergei Lavrov spoke in Moscow on Monday.", StatementKind.NARRATION);
        send("a2", 0, "The weather was fine.", StatementKind.NARRATION);
        send("a1", 1, "“We are open to negotiations,” he said.", StatementKind.DIRECT_QUOTE);

        List<EnrichedStatement> out = enriched.readValuesToList();
        assertThat(out).hasSize(3);
        EnrichedStatement quote = out.get(2);
        assertThat(quote.getStatement().getId()).isEqualTo("a1:1");
        assertThat(quote.getSpeaker()).isEqualTo("Sergei Lavrov");
        assertThat(quote.getParty()).isEqualTo("RUS");
        assertThat(quote.getStance()).isEqualTo(Stance.OPEN);
        assertThat(quote.getRulesVersion()).isEqualTo(Enricher.bundled().rulesVersion());
        assertThat(quote.getConfidence()).as("the bundled stance model decided, and says how sure it is").isBetween(0.25, 1.0);
        assertThat(quote.getEnrichedAt()).isEqualTo(NOW);
        assertThat(quote.getCameo()).isEqualTo("036");
        assertThat(quote.getScore()).isEqualTo(0.4);
        assertThat(out.get(1).getStance()).isEqualTo(Stance.NONE);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void theStreamKeepsTheSameArticleContextAsAnalyze() {
        String[] texts = {"After talks with US officials in Jeddah, Ukraine said it was ready to accept an immediate ceasefire.",
                "US Secretary of State Marco Rubio said Washington would take the offer to Moscow."};
        Discourse d = new Discourse();
        java.util.List<String> offline = new java.util.ArrayList<>();
        for (String t : texts) {
            Enricher.Result r = Enricher.bundled().enrich(t, java.time.LocalDate.of(2024, 6, 1), StatementKind.REPORTED_SPEECH, d);
            offline.add(r.stance() + "/" + r.party() + "/" + r.speaker() + "/" + r.confidence());
        }
        for (int i = 0; i < texts.length; i++) {
            send("a3", i, texts[i], StatementKind.REPORTED_SPEECH);
        }
        assertThat(enriched.readValuesToList()).extracting(e -> e.getStance() + "/" + e.getParty() + "/" + e.getSpeaker() + "/"
                + e.getConfidence()).containsExactlyElementsOf(offline);
        Discourse rules = new Discourse();
        Enricher.rulesOnly().enrich(texts[0], java.time.LocalDate.of(2024, 6, 1), StatementKind.REPORTED_SPEECH, rules);
        assertThat(Enricher.rulesOnly().enrich(texts[1], java.time.LocalDate.of(2024, 6, 1), StatementKind.REPORTED_SPEECH, rules).stance())
                .as("the second statement needs the first one's talks topic").isEqualTo(Stance.OPEN);
    }

    @Test
    void undecodableRecordGoesToTheDeadLetterTopicAndTheGoodOnesAroundItGoOn() {
        send("a1", 0, "Peskov said Russia does not want eternal war.", StatementKind.REPORTED_SPEECH);
        statements.pipeInput("a1", "definitely not avro".getBytes());
        send("a1", 1, "Zelensky said Ukraine is ready for a ceasefire.", StatementKind.REPORTED_SPEECH);

        assertThat(enriched.readValuesToList()).extracting(e -> e.getStatement().getId()).containsExactly("a1:0", "a1:1");
        DeadLetter dl = deadLetters.readValue();
        assertThat(dl.getStage()).isEqualTo("enrich");
        assertThat(dl.getErrorType()).isEqualTo("UndecodableRecord");
        assertThat(dl.getException()).isEqualTo("org.apache.kafka.common.errors.SerializationException");
        assertThat(dl.getKey()).isEqualTo("a1");
        assertThat(dl.getSource()).startsWith(Topics.STATEMENTS.name());
        assertThat(new String(dl.getPayload().array())).isEqualTo("definitely not avro");
        assertThat(dl.getFailedAt()).isEqualTo(NOW);
    }
}

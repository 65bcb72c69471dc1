package org.parley.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.parley.aggregate.Fixtures.enriched;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.avro.DeadLetter;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.PartyOpenness;
import org.parley.avro.Stance;
import org.parley.avro.StanceAlert;
import org.parley.schemas.Topics;

class AggregateTopologyTest {

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, PartyOpenness> snapshots;
    private TestOutputTopic<String, StanceAlert> alerts;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void setUp() {
        Properties p = new Properties();
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        driver = new TopologyTestDriver(AggregateTopology.build(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)), p);
        input = driver.createInputTopic(Topics.ENRICHED.name(), new StringSerializer(), new ByteArraySerializer());
        snapshots = driver.createOutputTopic(Topics.PARTY_OPENNESS.name(), Topics.PARTY_OPENNESS.keySerde().deserializer(),
                Topics.PARTY_OPENNESS.valueSerde().deserializer());
        alerts = driver.createOutputTopic(Topics.ALERTS.name(), Topics.ALERTS.keySerde().deserializer(),
                Topics.ALERTS.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void send(EnrichedStatement e) {
        input.pipeInput(e.getStatement().getArticleId(), Topics.ENRICHED.valueSerde().encode(e));
    }

    @Test
    void countsStatementsPerPartyAndAveragesTheirScores() {
        send(enriched("a:0", "RUS", Stance.OPEN, 0.4, "2024-05-24T15:00:00Z"));
        send(enriched("b:0", "UKR", Stance.CLOSED, -0.5, "2024-06-14T18:00:00Z"));
        send(enriched("c:0", "RUS", Stance.CONDITIONAL, 0.2, "2024-06-14T11:00:00Z"));
        send(enriched("d:0", "RUS", Stance.NONE, null, "2024-06-15T11:00:00Z"));

        List<PartyOpenness> out = snapshots.readValuesToList();
        assertThat(out).extracting(PartyOpenness::getParty).containsExactly("RUS", "UKR", "RUS");
        PartyOpenness rus = out.get(2);
        assertThat(rus.getStatements()).isEqualTo(2);
        assertThat(rus.getOpen()).isEqualTo(1);
        assertThat(rus.getConditional()).isEqualTo(1);
        assertThat(rus.getClosed()).isZero();
        assertThat(rus.getMeanScore()).isCloseTo(0.3, within(1e-9));
        assertThat(rus.getFirstStatementAt()).isEqualTo(Instant.parse("2024-05-24T15:00:00Z"));
        assertThat(rus.getLastStatementAt()).isEqualTo(Instant.parse("2024-06-14T11:00:00Z"));
        assertThat(rus.getLastText()).isEqualTo("Statement c:0");

        KeyValueStore<String, PartyOpenness> store = driver.getKeyValueStore(AggregateTopology.OPENNESS_STORE);
        assertThat(store.get("UKR").getMeanScore()).isEqualTo(-0.5);
        assertThat(store.get("NONE")).isNull();
    }

    @Test
    void indexWeighsAStatementHalfAsMuchAsOneAHalfLifeNewerWhateverTheArrivalOrder() {
        send(enriched("a:0", "RUS", Stance.OPEN, 0.4, "2024-06-01T00:00:00Z"));
        send(enriched("b:0", "RUS", Stance.CLOSED, -0.5, "2024-06-08T00:00:00Z"));   // one half-life (7 d) later: weight 2
        PartyOpenness inOrder = snapshots.readValuesToList().get(1);
        // (0.4 * 1 - 0.5 * 2) / 3 = -0.2; effective statements 3^2 / (1 + 4) = 1.8;
        // variance (0.16 + 2 * 0.25) / 3 - 0.04 = 0.18; band 1.96 * sqrt(0.18 / 1.8) = 0.6198
        assertThat(inOrder.getIndex()).isCloseTo(-0.2, within(1e-9));
        assertThat(inOrder.getEffectiveStatements()).isCloseTo(1.8, within(1e-9));
        assertThat(inOrder.getBand()).isCloseTo(1.96 * Math.sqrt(0.1), within(1e-9));

        send(enriched("d:0", "UKR", Stance.CLOSED, -0.5, "2024-06-08T00:00:00Z"));
        send(enriched("c:0", "UKR", Stance.OPEN, 0.4, "2024-06-01T00:00:00Z"));     // late: published a week earlier
        PartyOpenness outOfOrder = snapshots.readValuesToList().get(1);
        assertThat(outOfOrder.getIndex()).isCloseTo(-0.2, within(1e-9));
        assertThat(outOfOrder.getEffectiveStatements()).isCloseTo(1.8, within(1e-9));
        assertThat(outOfOrder.getBand()).isCloseTo(inOrder.getBand(), within(1e-9));
    }

    @Test
    void aSyndicatedQuotationCountsOnceAndARestatementOnAnotherDayCountsAgain() {
        String quote = "“We are open to negotiations,” Lavrov said.";
        send(Fixtures.quote("outlet1:3", quote, "Sergei Lavrov", "RUS", Stance.OPEN, 0.4, "2024-06-01T08:00:00Z"));
        send(Fixtures.quote("outlet2:7", "\"We are open to negotiations\", Lavrov said.", "Sergei Lavrov", "RUS", Stance.OPEN, 0.4,
                "2024-06-01T15:00:00Z"));
        send(Fixtures.quote("outlet3:1", quote, "Sergei Lavrov", "RUS", Stance.OPEN, 0.4, "2024-06-05T09:00:00Z"));
        List<PartyOpenness> out = snapshots.readValuesToList();
        assertThat(out).extracting(PartyOpenness::getStatements).containsExactly(1L, 1L, 2L);
        assertThat(out.get(1).getOpen()).isEqualTo(1);
        assertThat(out.get(1).getEffectiveStatements()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aReEnrichedStatementReplacesWhatItCountedBefore() {
        String text = "Medvedev said the talks were over.";
        send(Fixtures.quote("a:0", text, "Dmitry Medvedev", "RUS", Stance.OPEN, 0.4, "2024-08-20T00:00:00Z"));
        send(enriched("b:0", "RUS", Stance.OPEN, 0.4, "2024-08-21T00:00:00Z"));
        send(Fixtures.quote("a:0", text, "Dmitry Medvedev", "RUS", Stance.CLOSED, -0.7, "2024-08-20T00:00:00Z"));
        PartyOpenness rus = snapshots.readValuesToList().get(2);
        assertThat(rus.getStatements()).isEqualTo(2);
        assertThat(rus.getOpen()).isEqualTo(1);
        assertThat(rus.getClosed()).isEqualTo(1);
        assertThat(rus.getMeanScore()).isCloseTo((0.4 - 0.7) / 2, within(1e-9));
        KeyValueStore<String, String> daily = driver.getKeyValueStore(AggregateTopology.DAILY_STORE);
        assertThat(org.parley.aggregate.index.DayStats.decode(daily.get("RUS|2024-08-20")))
                .isEqualTo(new org.parley.aggregate.index.DayStats(0, 0, 1, -0.7));
        assertThat(org.parley.aggregate.index.DayStats.decode(daily.get("RUS|2024-08-21")).open()).isEqualTo(1);
        // weights: 2^(0) for a:0 and 2^(1/7) for b:0 a day later
        double wb = Math.pow(2, 1 / 7.0);
        assertThat(rus.getIndex()).isCloseTo((-0.7 + 0.4 * wb) / (1 + wb), within(1e-9));
    }

    @Test
    void oneStatementGivesAWideBand() {
        send(enriched("a:0", "TUR", Stance.OPEN, 0.4, "2024-06-01T00:00:00Z"));
        PartyOpenness tur = snapshots.readValue();
        assertThat(tur.getIndex()).isCloseTo(0.4, within(1e-9));
        assertThat(tur.getEffectiveStatements()).isCloseTo(1.0, within(1e-9));
        assertThat(tur.getBand()).isCloseTo(1.96 * Math.sqrt(0.05), within(1e-9));
    }

    @Test
    void statementsYearsApartDoNotOverflowTheWeights() {
        send(enriched("a:0", "UN", Stance.OPEN, 0.4, "2000-01-01T00:00:00Z"));
        send(enriched("b:0", "UN", Stance.CLOSED, -0.5, "2025-01-01T00:00:00Z"));   // about 1,300 half-lives later
        PartyOpenness un = snapshots.readValuesToList().get(1);
        assertThat(un.getIndex()).isCloseTo(-0.5, within(1e-9));
        assertThat(Double.isFinite(un.getWeightSum())).isTrue();
    }

    @Test
    void lateStatementDoesNotReplaceTheLatestEvidence() {
        send(enriched("a:0", "RUS", Stance.OPEN, 0.4, "2024-06-01T00:00:00Z"));
        send(enriched("b:0", "RUS", Stance.OPEN, 0.4, "2024-01-01T00:00:00Z"));
        PartyOpenness rus = snapshots.readValuesToList().get(1);
        assertThat(rus.getLastText()).isEqualTo("Statement a:0");
        assertThat(rus.getFirstStatementAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void alertsWhenThePartyChangesDirectionNotOnItsFirstStatement() {
        send(enriched("a:0", "RUS", Stance.OPEN, 0.4, "2024-05-24T00:00:00Z"));     // mean 0.4: baseline OPEN
        send(enriched("b:0", "RUS", Stance.CLOSED, -0.5, "2024-08-20T00:00:00Z"));  // mean -0.05: MIXED
        send(enriched("c:0", "RUS", Stance.CLOSED, -0.5, "2024-09-28T00:00:00Z"));  // mean -0.2: CLOSED
        send(enriched("d:0", "RUS", Stance.CLOSED, -0.5, "2024-09-29T00:00:00Z"));  // still CLOSED: no alert

        List<StanceAlert> out = alerts.readValuesToList();
        assertThat(out).extracting(StanceAlert::getFromDirection, StanceAlert::getToDirection)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("OPEN", "MIXED"),
                        org.assertj.core.groups.Tuple.tuple("MIXED", "CLOSED"));
        StanceAlert first = out.get(0);
        assertThat(first.getId()).isEqualTo("RUS:b:0");
        assertThat(first.getPreviousMean()).isCloseTo(0.4, within(1e-9));
        assertThat(first.getCurrentMean()).isCloseTo(-0.05, within(1e-9));
        assertThat(first.getStatementText()).isEqualTo("Statement b:0");
        assertThat(first.getSpeaker()).isEqualTo("Speaker b:0");
        assertThat(first.getUrl()).isEqualTo("https://example.org/b:0");
        assertThat(first.getMessage()).contains("RUS now leans MIXED");
        KeyValueStore<String, StanceAlert> stored = driver.getKeyValueStore(AggregateTopology.ALERTS_STORE);
        java.util.List<String> ids = new java.util.ArrayList<>();
        try (var it = stored.all()) {
            it.forEachRemaining(kv -> ids.add(kv.value.getId()));
        }
        assertThat(ids).as("kept for the API, oldest first").containsExactly("RUS:b:0", "RUS:c:0");
    }

    @Test
    void undecodableRecordBecomesADeadLetterAndTheStreamGoesOn() {
        input.pipeInput("x", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3});
        send(enriched("a:0", "UKR", Stance.OPEN, 0.4, "2024-05-24T00:00:00Z"));
        assertThat(deadLetters.readValue()).satisfies(dl -> {
            assertThat(dl.getStage()).isEqualTo("aggregate");
            assertThat(dl.getErrorType()).isEqualTo("UndecodableRecord");
        });
        assertThat(snapshots.readValue().getParty()).isEqualTo("UKR");
    }
}

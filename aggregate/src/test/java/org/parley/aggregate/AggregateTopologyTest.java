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
import org.parley.aggregate.index.Tally;
import org.parley.avro.AlertKind;
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

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);

    /** The statements of these tests were published in 2024: alerts about them need a horizon reaching back that far. */
    static final AggregateSettings SETTINGS = AggregateSettings.defaults().withAlertHorizon(java.time.Duration.ofDays(3650));

    @BeforeEach
    void setUp() {
        start(SETTINGS);
    }

    private void start(AggregateSettings settings) {
        if (driver != null) {
            driver.close();
        }
        Properties p = new Properties();
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        driver = new TopologyTestDriver(AggregateTopology.build(CLOCK, settings), p);
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

        KeyValueStore<String, org.parley.aggregate.state.PartyState> store = driver.getKeyValueStore(PartyStores.OPENNESS);
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
        KeyValueStore<String, Tally> buckets = driver.getKeyValueStore(PartyStores.BUCKETS);
        assertThat(buckets.get("RUS|2024-08-20T00|Dmitry Medvedev")).isEqualTo(new Tally(0, 0, 1, -700_000, 490_000));
        assertThat(buckets.get("RUS|2024-08-21T00|Speaker b:0").open()).isEqualTo(1);
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
        org.parley.aggregate.state.PartyState state = driver.<String, org.parley.aggregate.state.PartyState>getKeyValueStore(
                PartyStores.OPENNESS).get("UN");
        assertThat(Double.isFinite(state.getWeightSum())).isTrue();
    }

    @Test
    void lateStatementDoesNotReplaceTheLatestEvidence() {
        send(enriched("a:0", "RUS", Stance.OPEN, 0.4, "2024-06-01T00:00:00Z"));
        send(enriched("b:0", "RUS", Stance.OPEN, 0.4, "2024-05-20T00:00:00Z"));
        PartyOpenness rus = snapshots.readValuesToList().get(1);
        assertThat(rus.getLastText()).isEqualTo("Statement a:0");
        assertThat(rus.getFirstStatementAt()).isEqualTo(Instant.parse("2024-05-20T00:00:00Z"));
    }

    @Test
    void alertsWhenThePartyChangesDirectionNotOnItsFirstStatement() {
        send(enriched("a:0", "RUS", Stance.OPEN, 0.4, "2024-05-24T00:00:00Z"));     // mean 0.4: baseline OPEN
        send(enriched("b:0", "RUS", Stance.CLOSED, -0.5, "2024-08-20T00:00:00Z"));  // mean -0.05: MIXED
        send(enriched("c:0", "RUS", Stance.CLOSED, -0.5, "2024-09-28T00:00:00Z"));  // mean -0.2: CLOSED
        send(enriched("d:0", "RUS", Stance.CLOSED, -0.5, "2024-09-29T00:00:00Z"));  // still CLOSED: no alert

        List<StanceAlert> out = alerts.readValuesToList().stream().filter(a -> a.getKind() == AlertKind.DIRECTION_CHANGE).toList();
        assertThat(out).extracting(StanceAlert::getFromDirection, StanceAlert::getToDirection)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("OPEN", "MIXED"),
                        org.assertj.core.groups.Tuple.tuple("MIXED", "CLOSED"));
        StanceAlert first = out.get(0);
        assertThat(first.getId()).isEqualTo("RUS:direction_change:b:0");
        assertThat(first.getPreviousMean()).isCloseTo(0.4, within(1e-9));
        assertThat(first.getCurrentMean()).isCloseTo(-0.05, within(1e-9));
        assertThat(first.getStatementText()).isEqualTo("Statement b:0");
        assertThat(first.getSpeaker()).isEqualTo("Speaker b:0");
        assertThat(first.getUrl()).isEqualTo("https://example.org/b:0");
        assertThat(first.getMessage()).contains("RUS now leans MIXED");
        KeyValueStore<String, StanceAlert> stored = driver.getKeyValueStore(PartyStores.ALERTS);
        java.util.List<String> ids = new java.util.ArrayList<>();
        try (var it = stored.all()) {
            it.forEachRemaining(kv -> ids.add(kv.value.getId()));
        }
        assertThat(ids).as("kept for the API, oldest first").containsExactly("RUS:direction_change:b:0", "RUS:direction_change:c:0");
    }

    @Test
    void undecodableRecordBecomesADeadLetterAndTheStreamGoesOn() {
        input.pipeInput("x", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3});
        send(enriched("a:0", "UKR", Stance.OPEN, 0.4, "2024-05-24T00:00:00Z"));
        assertThat(deadLetters.readValue()).satisfies(dl -> {
            assertThat(dl.getStage()).isEqualTo("aggregate");
            assertThat(dl.getErrorType()).isEqualTo("UndecodableRecord");
            assertThat(dl.getException()).isEqualTo("org.apache.kafka.common.errors.SerializationException");
        });
        assertThat(snapshots.readValue().getParty()).isEqualTo("UKR");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"HIGH, 2", "MEDIUM, 5", "LOW, 8"})
    void baselineShiftAlertsWhenTheIndexLeavesItsBaselineByMoreThanTheBandAllows(
            org.parley.aggregate.alerts.Sensitivity sensitivity, int expectedK) {
        start(SETTINGS.withRules(new org.parley.aggregate.alerts.AlertRules(sensitivity, java.util.Set.of())));
        for (int i = 0; i < 20; i++) {
            send(enriched("o" + i + ":0", "RUS", Stance.OPEN, 0.4, "2024-06-01T00:00:00Z"));
        }
        // Four half-lives later: each refusal weighs 16 in the index and 2 in the baseline (half-life 28 d).
        for (int k = 1; k <= 10; k++) {
            send(enriched("c" + k + ":0", "RUS", Stance.CLOSED, -0.7, "2024-06-29T00:00:00Z"));
        }
        List<StanceAlert> shifts = alerts.readValuesToList().stream().filter(a -> a.getKind() == AlertKind.BASELINE_SHIFT).toList();
        assertThat(shifts).as("raised once, when the shift begins").hasSize(1);
        StanceAlert shift = shifts.get(0);
        assertThat(shift.getId()).isEqualTo("RUS:baseline_shift:c" + expectedK + ":0");
        assertThat(shift.getSensitivity()).isEqualTo(sensitivity.name());
        // The closed form after k refusals: index (8 - 11.2k) / (20 + 16k), baseline (8 - 1.4k) / (20 + 2k).
        int k = expectedK;
        double index = (8 - 11.2 * k) / (20 + 16 * k);
        double wb = 2;
        double baseline = (8 - 0.7 * wb * k) / (20 + wb * k);
        double w = 20 + 16 * k;
        double variance = (3.2 + 0.49 * 16 * k) / w - index * index;
        double effective = w * w / (20 + 256 * k);
        assertThat(shift.getCurrentIndex()).isCloseTo(index, within(1e-9));
        assertThat(shift.getBaseline()).isCloseTo(baseline, within(1e-9));
        assertThat(shift.getBand()).isCloseTo(1.96 * Math.sqrt(variance / effective), within(1e-9));
        assertThat(Math.abs(index - baseline)).isGreaterThan(sensitivity.bands() * shift.getBand());
        assertThat(shift.getStatementText()).isEqualTo("Statement c" + k + ":0");
        assertThat(shift.getUrl()).isEqualTo("https://example.org/c" + k + ":0");
    }

    @Test
    void zeroCrossingAlertsWhenTheIndexChangesSignWithEnoughEvidence() {
        for (int i = 0; i < 20; i++) {
            send(enriched("o" + i + ":0", "UKR", Stance.OPEN, 0.4, "2024-06-01T00:00:00Z"));
        }
        for (int k = 1; k <= 4; k++) {
            send(enriched("c" + k + ":0", "UKR", Stance.CLOSED, -0.7, "2024-06-29T00:00:00Z"));
        }
        // Four half-lives later one refusal weighs 16: (8 - 11.2) / 36 after the first, and the index stays below zero.
        List<StanceAlert> crossings = alerts.readValuesToList().stream().filter(a -> a.getKind() == AlertKind.ZERO_CROSSING).toList();
        assertThat(crossings).singleElement().satisfies(a -> {
            assertThat(a.getId()).isEqualTo("UKR:zero_crossing:c1:0");
            assertThat(a.getPreviousIndex()).isCloseTo(0.4, within(1e-9));
            assertThat(a.getCurrentIndex()).isCloseTo(-3.2 / 36, within(1e-9));
        });
    }

    @Test
    void twoStatementsAreNoTrend() {
        send(enriched("a:0", "TUR", Stance.OPEN, 0.4, "2024-06-01T00:00:00Z"));
        send(enriched("b:0", "TUR", Stance.CLOSED, -0.7, "2024-06-29T00:00:00Z"));
        assertThat(alerts.readValuesToList()).extracting(StanceAlert::getKind).doesNotContain(AlertKind.ZERO_CROSSING,
                AlertKind.BASELINE_SHIFT);
    }

    @Test
    void keySpeakerAlertsOnAnOpenOrClosedStatementByAHeadOfStateOrNegotiatorOnce() {
        send(Fixtures.said("a:0", "Vladimir Putin", "head_of_state", "RUS", Stance.OPEN, 0.6, "2024-06-01T08:00:00Z"));
        send(Fixtures.copy(Fixtures.said("a:0", "Vladimir Putin", "head_of_state", "RUS", Stance.OPEN, 0.6,
                "2024-06-01T08:00:00Z"), "b:0", "2024-06-01T10:00:00Z"));
        send(Fixtures.said("c:0", "Vladimir Putin", "head_of_state", "RUS", Stance.CONDITIONAL, 0.2, "2024-06-02T08:00:00Z"));
        send(Fixtures.said("d:0", "Dmitry Peskov", "spokesperson", "RUS", Stance.CLOSED, -0.7, "2024-06-03T08:00:00Z"));
        send(Fixtures.said("e:0", "Rustem Umerov", "negotiator", "UKR", Stance.CLOSED, -0.7, "2024-06-03T09:00:00Z"));
        List<StanceAlert> key = alerts.readValuesToList().stream().filter(a -> a.getKind() == AlertKind.KEY_SPEAKER).toList();
        assertThat(key).extracting(StanceAlert::getId).containsExactly("RUS:key_speaker:a:0", "UKR:key_speaker:e:0");
        assertThat(key.get(0).getSpeakerRole()).isEqualTo("head_of_state");
        assertThat(key.get(0).getStance()).isEqualTo("OPEN");
        assertThat(key.get(0).getMessage()).isEqualTo("Vladimir Putin (head of state, RUS) made an OPEN statement on talks");
        assertThat(key.get(1).getStatementText()).isEqualTo("Statement e:0");
    }

    @Test
    void aStatementYearsLateCountsWhereItsPublicationTimePutsItAndIsNoDeadLetter() {
        send(enriched("a:0", "RUS", Stance.OPEN, 0.4, "2024-06-01T00:00:00Z"));
        send(enriched("b:0", "RUS", Stance.CLOSED, -0.5, "2021-05-02T00:00:00Z"));   // three years before the newest
        send(enriched("c:0", "UKR", Stance.OPEN, 0.4, "2019-01-01T00:00:00Z"));
        List<PartyOpenness> out = snapshots.readValuesToList();
        assertThat(out).extracting(PartyOpenness::getStatements).containsExactly(1L, 2L, 1L);
        PartyOpenness rus = out.get(1);
        assertThat(rus.getFirstStatementAt()).isEqualTo(Instant.parse("2021-05-02T00:00:00Z"));
        assertThat(rus.getLastText()).as("the latest statement stays the latest").isEqualTo("Statement a:0");
        assertThat(rus.getIndex()).as("three years of half-lives: the old refusal weighs nothing").isCloseTo(0.4, within(1e-9));
        assertThat(driver.<String, Tally>getKeyValueStore(PartyStores.BUCKETS).get("RUS|2021-05-02T00|Speaker b:0").closed())
                .isEqualTo(1);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aBackfillRaisesNoAlertsAboutThePastButARecentStatementDoes() {
        start(AggregateSettings.defaults());   // alerts only for statements published within 48 hours of now (CLOCK)
        send(Fixtures.said("a:0", "Vladimir Putin", "head_of_state", "RUS", Stance.OPEN, 0.6, "2024-06-01T08:00:00Z"));
        send(Fixtures.said("b:0", "Vladimir Putin", "head_of_state", "RUS", Stance.CLOSED, -0.7, "2026-11-24T08:00:00Z"));
        send(Fixtures.said("c:0", "Vladimir Putin", "head_of_state", "RUS", Stance.CLOSED, -0.7, "2026-11-26T08:00:00Z"));
        assertThat(alerts.readValuesToList()).extracting(StanceAlert::getId)
                .containsExactly("RUS:direction_change:c:0", "RUS:key_speaker:c:0");
        assertThat(snapshots.readValuesToList()).last().extracting(PartyOpenness::getStatements).isEqualTo(3L);
    }

    @Test
    void syndicatedCopiesAreOneStatementWithEveryOutletAsAMention() {
        EnrichedStatement first = Fixtures.said("a:0", "Sergei Lavrov", "foreign_minister", "RUS", Stance.CONDITIONAL, 0.2,
                "2024-06-01T08:00:00Z", "territory", "the new regions");
        send(first);
        send(Fixtures.copy(first, "b:0", "2024-06-01T09:00:00Z"));
        send(Fixtures.copy(first, "c:0", "2024-06-01T07:00:00Z"));
        KeyValueStore<String, org.parley.aggregate.evidence.StatementView> statements = driver.getKeyValueStore(PartyStores.STATEMENTS);
        List<org.parley.aggregate.evidence.StatementView> views = new java.util.ArrayList<>();
        try (var it = statements.all()) {
            it.forEachRemaining(kv -> views.add(kv.value));
        }
        assertThat(views).singleElement().satisfies(v -> {
            assertThat(v.mentions()).extracting(m -> m.url())
                    .containsExactly("https://example.org/c:0", "https://example.org/a:0", "https://example.org/b:0");
            assertThat(v.publishedAt()).isEqualTo("2024-06-01T07:00:00Z");
            assertThat(v.url()).isEqualTo("https://example.org/c:0");
        });
        KeyValueStore<String, org.parley.aggregate.evidence.ConditionView> conditions = driver.getKeyValueStore(PartyStores.CONDITIONS);
        List<String> keys = new java.util.ArrayList<>();
        try (var it = conditions.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        assertThat(keys).as("the copies replace the condition, not add to it").hasSize(1);
        assertThat(keys.get(0)).startsWith("RUS|" + PartyStores.millis(Instant.parse("2024-06-01T07:00:00Z").toEpochMilli())).endsWith("|territory");
    }

    @Test
    void evidenceOlderThanTheRetentionIsDroppedButItsCountsStay() {
        send(enriched("a:0", "RUS", Stance.OPEN, 0.4, "2024-01-01T00:00:00Z"));
        send(enriched("b:0", "RUS", Stance.OPEN, 0.4, "2024-04-01T00:00:00Z"));   // 91 days later
        driver.advanceWallClockTime(java.time.Duration.ofMinutes(10));
        KeyValueStore<String, org.parley.aggregate.evidence.StatementView> statements = driver.getKeyValueStore(PartyStores.STATEMENTS);
        List<String> ids = new java.util.ArrayList<>();
        try (var it = statements.all()) {
            it.forEachRemaining(kv -> ids.add(kv.value.id()));
        }
        assertThat(ids).containsExactly("b:0");
        assertThat(driver.<String, Tally>getKeyValueStore(PartyStores.BUCKETS).get("RUS|2024-01-01T00|Speaker a:0").open()).isEqualTo(1);
        assertThat(driver.getKeyValueStore(PartyStores.IDENTITIES).approximateNumEntries())
                .as("identities are kept for good, so a copy of an old statement never counts twice").isEqualTo(2);
        send(Fixtures.copy(enriched("a:0", "RUS", Stance.OPEN, 0.4, "2024-01-01T00:00:00Z"), "c:0", "2024-01-01T05:00:00Z"));
        assertThat(snapshots.readValuesToList()).last().extracting(PartyOpenness::getStatements).isEqualTo(2L);
    }

    @Test
    void aRecordThatCannotBeCountedIsADeadLetterAndTheNextOnesCount() {
        // A damaged identity (as a corrupted state store would hold) makes its statement fail.
        EnrichedStatement a = enriched("a:0", "RUS", Stance.OPEN, 0.4, "2024-06-01T00:30:00Z");
        driver.<String, org.parley.aggregate.state.CountedStatement>getKeyValueStore(PartyStores.IDENTITIES).put(
                PartyStores.identity("RUS", PartyStores.hash(org.parley.aggregate.index.OpennessAccumulator.statementKey(a))),
                new org.parley.aggregate.state.CountedStatement("a:0", "DAMAGED", 0.4, Instant.parse("2024-06-01T00:30:00Z"), null));
        send(a);
        send(enriched("b:0", "RUS", Stance.CLOSED, -0.5, "2024-06-01T01:00:00Z"));
        assertThat(deadLetters.readValue()).satisfies(dl -> {
            assertThat(dl.getErrorType()).isEqualTo("AggregateFailure");
            assertThat(dl.getKey()).isEqualTo("a:0");
            assertThat(dl.getErrorMessage()).contains("DAMAGED");
            assertThat(dl.getException()).isEqualTo("java.lang.IllegalArgumentException");
        });
        assertThat(snapshots.readValuesToList()).singleElement().satisfies(p -> {
            assertThat(p.getStatements()).isEqualTo(1);
            assertThat(p.getClosed()).isEqualTo(1);
        });
    }
}

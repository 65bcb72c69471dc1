package org.parley.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.parley.aggregate.http.PartyViews;
import org.parley.aggregate.index.OpennessAccumulator;
import org.parley.aggregate.index.Tally;
import org.parley.avro.EnrichedStatement;
import org.parley.aggregate.state.PartyState;
import org.parley.avro.Stance;

/**
 * The ledger's state is a function of the set of statements: random sets, with syndicated copies
 * that disagree and statements years late, give the same snapshots and buckets in any order and
 * split over any number of instances.
 */
class PartyLedgerTest {

    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    static final List<String> PARTIES = List.of("RUS", "UKR", "ISR", "HAMAS", "USA");
    static final Stance[] STANCES = {Stance.OPEN, Stance.CONDITIONAL, Stance.CLOSED};

    /** The state of every party after a run: snapshots, buckets, and which copy stands for each statement. */
    record State(Map<String, PartyState> parties, Map<String, Tally> buckets, Map<String, PartyLedger.Counted> identities) {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void anyOrderAndAnyPartitioningGiveTheSameState(long seed) {
        Random random = new Random(seed);
        List<EnrichedStatement> statements = statements(random, 20 + random.nextInt(300));
        State reference = run(statements, 1, new Random(0));
        for (int trial = 0; trial < 5; trial++) {
            List<EnrichedStatement> shuffled = new ArrayList<>(statements);
            Collections.shuffle(shuffled, random);
            State other = run(shuffled, 1 + random.nextInt(4), random);
            assertSame(reference, other, "seed " + seed + ", trial " + trial);
        }
        List<EnrichedStatement> reversed = new ArrayList<>(statements);
        Collections.reverse(reversed);
        assertSame(reference, run(reversed, 3, random), "seed " + seed + ", reversed");
    }

    @Test
    void theFirstPublishedCopyStandsWhicheverArrivesFirst() {
        PartyLedger ledger = new PartyLedger(AggregateSettings.defaults());
        EnrichedStatement early = Fixtures.quote("a:0", "We are ready to talk.", "Sergei Lavrov", "RUS", Stance.OPEN, 0.4,
                "2024-06-01T08:00:00Z");
        EnrichedStatement late = Fixtures.quote("b:0", "We are ready to talk.", "Sergei Lavrov", "RUS", Stance.CONDITIONAL, 0.2,
                "2024-06-01T15:00:00Z");
        PartyLedger.Outcome first = ledger.apply(null, null, early, NOW);
        PartyLedger.Outcome copy = ledger.apply(first.after(), first.added(), late, NOW);
        assertThat(copy.counted()).isFalse();
        assertThat(copy.after().getOpen()).isEqualTo(1);
        assertThat(copy.after().getLastStatementAt()).as("the latest copy seen").isEqualTo(Instant.parse("2024-06-01T15:00:00Z"));

        PartyLedger.Outcome lateFirst = ledger.apply(null, null, late, NOW);
        PartyLedger.Outcome earlyAfter = ledger.apply(lateFirst.after(), lateFirst.added(), early, NOW);
        assertThat(earlyAfter.removed().statementId()).isEqualTo("b:0");
        assertThat(earlyAfter.added().statementId()).isEqualTo("a:0");
        assertThat(earlyAfter.after()).isEqualTo(copy.after());
    }

    @Test
    void aStatementReEnrichedUnderItsOwnIdReplacesWhatItCounted() {
        PartyLedger ledger = new PartyLedger(AggregateSettings.defaults());
        EnrichedStatement open = Fixtures.quote("a:0", "The talks are over.", "Dmitry Medvedev", "RUS", Stance.OPEN, 0.4,
                "2024-08-20T00:00:00Z");
        EnrichedStatement closed = Fixtures.quote("a:0", "The talks are over.", "Dmitry Medvedev", "RUS", Stance.CLOSED, -0.7,
                "2024-08-20T00:00:00Z");
        PartyLedger.Outcome first = ledger.apply(null, null, open, NOW);
        PartyLedger.Outcome again = ledger.apply(first.after(), first.added(), closed, NOW);
        assertThat(again.removed().stance()).isEqualTo(Stance.OPEN);
        assertThat(again.after().getOpen()).isZero();
        assertThat(again.after().getClosed()).isEqualTo(1);
        assertThat(again.after().getIndex()).isCloseTo(-0.7, within(1e-12));
    }

    @Test
    void alertsOnlyForStatementsPublishedWithinTheHorizon() {
        PartyLedger ledger = new PartyLedger(AggregateSettings.defaults().withAlertHorizon(Duration.ofHours(48)));
        EnrichedStatement old = Fixtures.said("a:0", "Vladimir Putin", "head_of_state", "RUS", Stance.OPEN, 0.6, "2026-11-28T23:59:00Z");
        EnrichedStatement recent = Fixtures.said("b:0", "Vladimir Putin", "head_of_state", "RUS", Stance.OPEN, 0.6, "2026-11-29T00:00:00Z");
        assertThat(ledger.apply(null, null, old, NOW).alerts()).isEmpty();
        assertThat(ledger.apply(null, null, recent, NOW).alerts()).extracting(a -> a.getId()).containsExactly("RUS:key_speaker:b:0");
    }

    /** Statements over five years, a third with copies on the same day (another outlet, at times another stance). */
    static List<EnrichedStatement> statements(Random random, int n) {
        List<EnrichedStatement> out = new ArrayList<>();
        Instant start = Instant.parse("2021-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            String party = PARTIES.get(random.nextInt(PARTIES.size()));
            Instant day = start.plus(Duration.ofDays(random.nextInt(5 * 365)));
            Stance stance = STANCES[random.nextInt(3)];
            String speaker = random.nextInt(4) == 0 ? null : "Speaker " + random.nextInt(6);
            String text = "Statement " + i + " on talks.";
            int copies = random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 0;
            for (int c = 0; c <= copies; c++) {
                Stance s = c > 0 && random.nextInt(5) == 0 ? STANCES[random.nextInt(3)] : stance;
                // Copies a second apart at the same hour too, so ties are broken by id.
                Instant t = day.plus(Duration.ofMinutes(random.nextInt(24 * 60))).plusSeconds(random.nextInt(2));
                out.add(Fixtures.quote("art" + i + "-" + c + ":" + random.nextInt(5), text, speaker, party, s, score(s, random),
                        t.toString()));
            }
        }
        return out;
    }

    private static double score(Stance s, Random random) {
        double r = Math.round(random.nextDouble() * 1000) / 1000.0;
        return switch (s) {
            case OPEN -> 0.3 + 0.7 * r;
            case CONDITIONAL -> 0.05 + 0.3 * r;
            default -> -0.3 - 0.7 * r;
        };
    }

    /** Counts the statements as the processor does, on {@code instances} instances that each own some of the parties. */
    static State run(List<EnrichedStatement> statements, int instances, Random random) {
        Map<String, Integer> owner = new HashMap<>();
        PARTIES.forEach(p -> owner.put(p, random.nextInt(instances)));
        State merged = new State(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        for (int i = 0; i < instances; i++) {
            int instance = i;
            State s = new State(new HashMap<>(), new HashMap<>(), new HashMap<>());
            PartyLedger ledger = new PartyLedger(AggregateSettings.defaults());
            statements.stream().filter(e -> owner.get(e.getParty()) == instance).forEach(e -> {
                String identity = e.getParty() + "|" + OpennessAccumulator.statementKey(e);
                PartyLedger.Outcome o = ledger.apply(s.parties().get(e.getParty()), s.identities().get(identity), e, NOW);
                if (o.removed() != null) {
                    s.buckets().merge(bucket(e.getParty(), o.removed()), Tally.EMPTY.minus(o.removed().stance(), o.removed().score()),
                            PartyLedgerTest::sum);
                }
                if (o.counted()) {
                    s.buckets().merge(bucket(e.getParty(), o.added()), Tally.EMPTY.plus(o.added().stance(), o.added().score()),
                            PartyLedgerTest::sum);
                    s.identities().put(identity, o.added());
                }
                s.parties().put(e.getParty(), o.after());
            });
            merged.parties().putAll(s.parties());
            merged.buckets().putAll(s.buckets());
            merged.identities().putAll(s.identities());
        }
        return merged;
    }

    /** Two tallies added; null (no bucket) when nothing is left, as the processor deletes an emptied bucket. */
    private static Tally sum(Tally a, Tally b) {
        Tally t = a.plus(b);
        return t.equals(Tally.EMPTY) ? null : t;
    }

    private static String bucket(String party, PartyLedger.Counted c) {
        return PartyStores.BucketKey.of(party, c.published(), c.speaker()).encode();
    }

    static void assertSame(State expected, State actual, String what) {
        assertThat(actual.identities().size()).as(what + ": identities").isEqualTo(expected.identities().size());
        assertThat(actual.buckets().size()).as(what + ": buckets").isEqualTo(expected.buckets().size());
        assertThat(actual.identities()).as(what + ": the copies that stand").isEqualTo(expected.identities());
        assertThat(actual.buckets()).as(what + ": buckets").isEqualTo(expected.buckets());
        assertThat(actual.parties().keySet()).isEqualTo(expected.parties().keySet());
        for (String party : expected.parties().keySet()) {
            PartyState e = expected.parties().get(party);
            PartyState a = actual.parties().get(party);
            assertThat(PartyViews.summary(OpennessAccumulator.snapshot(a))).as(what + ": " + party + " as the API shows it")
                    .isEqualTo(PartyViews.summary(OpennessAccumulator.snapshot(e)));
            assertThat(List.of(a.getStatements(), a.getOpen(), a.getConditional(), a.getClosed()))
                    .isEqualTo(List.of(e.getStatements(), e.getOpen(), e.getConditional(), e.getClosed()));
            assertThat(a.getDecayAnchor()).isEqualTo(e.getDecayAnchor());
            for (var f : List.<java.util.function.Function<PartyState, Double>>of(PartyState::getIndex, PartyState::getBand,
                    PartyState::getBaseline, PartyState::getEffectiveStatements, PartyState::getMeanScore)) {
                assertThat(f.apply(a)).as(what + ": " + party).isEqualTo(f.apply(e));
            }
        }
    }
}

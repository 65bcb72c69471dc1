package org.parley.aggregate;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.parley.aggregate.index.OpennessAccumulator;
import org.parley.aggregate.state.CountedStatement;
import org.parley.aggregate.state.PartyState;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.PartyOpenness;
import org.parley.avro.Stance;
import org.parley.avro.StanceAlert;

/**
 * The aggregate's core, on plain values: what one statement does to its party's state. No Kafka,
 * no stores, no clock but the {@code now} it is given, which only decides whether alerts are raised.
 *
 * <p>The state it keeps is a function of the set of statements seen, not of their order: every
 * statement counts where its publication time puts it, however late it comes; copies of one
 * statement (syndication, reprocessing) count once, as the copy published first (then the one with
 * the smallest id), whichever arrived first; and a statement re-enriched under its own id replaces
 * what it counted before. Only alerts depend on arrival: they compare the snapshot before and after
 * a statement, and are raised only for statements published within the alert horizon of
 * {@code now}, so a backfill does not alert about the past.
 */
public final class PartyLedger {

    /** What one statement counted for its party. */
    public record Counted(String statementId, Stance stance, double score, Instant published, String speaker) {

        private static final Comparator<Counted> FIRST = Comparator.comparing(Counted::published).thenComparing(Counted::statementId);

        public static Counted of(EnrichedStatement e) {
            return new Counted(e.getStatement().getId(), e.getStance(), e.getScore(), e.getStatement().getPublishedAt(), e.getSpeaker());
        }

        /** Whether this copy stands rather than {@code other}: published earlier, or at the same time with a smaller id. */
        boolean precedes(Counted other) {
            return FIRST.compare(this, other) < 0;
        }

        CountedStatement toRecord() {
            return new CountedStatement(statementId, stance.name(), score, published, speaker);
        }

        static Counted of(CountedStatement r) {
            return r == null ? null
                    : new Counted(r.getStatementId(), Stance.valueOf(r.getStance()), r.getScore(), r.getPublishedAt(), r.getSpeaker());
        }
    }

    /**
     * What a statement changed.
     *
     * @param before  the party's snapshot before, null for its first statement
     * @param after   the snapshot after
     * @param removed what an earlier copy or enrichment counted and no longer does, or null
     * @param added   what this statement counts, or null when an earlier copy stands (it only adds a mention)
     * @param alerts  the alerts raised
     */
    public record Outcome(PartyState before, PartyState after, Counted removed, Counted added, List<StanceAlert> alerts) {

        public boolean counted() {
            return added != null;
        }

        /** The party's figures after the statement, as the snapshot topic and the API carry them. */
        public PartyOpenness snapshot() {
            return OpennessAccumulator.snapshot(after);
        }
    }

    private final AggregateSettings settings;

    public PartyLedger(AggregateSettings settings) {
        this.settings = settings;
    }

    /**
     * Counts a statement.
     *
     * @param state   the party's snapshot, or null for its first statement
     * @param earlier what a copy of this statement (same party, words, speaker and day) counted before, or null
     * @param e       the statement, with a stance other than NONE
     * @param now     the time of processing: alerts are raised only for statements published within the horizon before it
     */
    public Outcome apply(PartyState state, Counted earlier, EnrichedStatement e, Instant now) {
        Counted incoming = Counted.of(e);
        boolean reenriched = earlier != null && earlier.statementId().equals(incoming.statementId());
        if (earlier != null && !reenriched && earlier.precedes(incoming)) {
            return new Outcome(state, OpennessAccumulator.seenCopy(state, e), null, null, List.of());
        }
        PartyState base = earlier == null || state == null ? state
                : OpennessAccumulator.remove(state, earlier.stance(), earlier.score(), earlier.published());
        PartyState after = OpennessAccumulator.add(base, e, settings.halfLife());
        List<StanceAlert> alerts = incoming.published().isBefore(now.minus(settings.alertHorizon())) ? List.of()
                : settings.rules().check(OpennessAccumulator.snapshot(state), OpennessAccumulator.snapshot(after), e, earlier == null);
        return new Outcome(state, after, earlier, incoming, alerts);
    }
}

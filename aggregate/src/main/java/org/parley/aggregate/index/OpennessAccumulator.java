package org.parley.aggregate.index;

import org.parley.avro.EnrichedStatement;
import org.parley.avro.PartyOpenness;
import org.parley.avro.Stance;

/** Adds one enriched statement to a party's snapshot. Pure: no Kafka, no clock. */
public final class OpennessAccumulator {

    private OpennessAccumulator() {
    }

    /** Whether a statement counts for the aggregate: it has a stance, a party and a score. */
    public static boolean counts(EnrichedStatement e) {
        return e.getStance() != Stance.NONE && e.getParty() != null && !e.getParty().isBlank() && e.getScore() != null;
    }

    /**
     * The snapshot after adding {@code e}.
     *
     * @param previous the party's snapshot so far, or null for its first statement
     */
    public static PartyOpenness add(PartyOpenness previous, EnrichedStatement e) {
        PartyOpenness.Builder b = previous == null
                ? PartyOpenness.newBuilder().setParty(e.getParty()).setStatements(0).setOpen(0).setConditional(0)
                        .setClosed(0).setScoreSum(0).setMeanScore(0)
                        .setFirstStatementAt(e.getStatement().getPublishedAt())
                        .setLastStatementAt(e.getStatement().getPublishedAt())
                : PartyOpenness.newBuilder(previous);
        long n = b.getStatements() + 1;
        double sum = b.getScoreSum() + e.getScore();
        b.setStatements(n).setScoreSum(sum).setMeanScore(sum / n);
        switch (e.getStance()) {
            case OPEN -> b.setOpen(b.getOpen() + 1);
            case CONDITIONAL -> b.setConditional(b.getConditional() + 1);
            case CLOSED -> b.setClosed(b.getClosed() + 1);
            default -> throw new IllegalArgumentException("NONE does not count");
        }
        if (e.getStatement().getPublishedAt().isBefore(b.getFirstStatementAt())) {
            b.setFirstStatementAt(e.getStatement().getPublishedAt());
        }
        if (!e.getStatement().getPublishedAt().isBefore(b.getLastStatementAt())) {
            b.setLastStatementAt(e.getStatement().getPublishedAt())
                    .setLastSpeaker(e.getSpeaker())
                    .setLastText(e.getStatement().getText());
        }
        return b.build();
    }
}

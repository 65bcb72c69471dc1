package org.parley.aggregate.index;

import java.time.Duration;
import java.time.Instant;
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

    /** The default half-life of the openness index. */
    public static final Duration DEFAULT_HALF_LIFE = Duration.ofDays(7);

    /** How many times longer the baseline's half-life is than the index's. */
    public static final int BASELINE_FACTOR = 4;

    /** The least variance assumed for the band, so that a few equal scores do not look certain. */
    static final double MIN_VARIANCE = 0.05;

    /** The snapshot after adding {@code e}, with the default half-life. */
    public static PartyOpenness add(PartyOpenness previous, EnrichedStatement e) {
        return add(previous, e, DEFAULT_HALF_LIFE);
    }

    /**
     * The snapshot after adding {@code e}.
     *
     * @param previous the party's snapshot so far, or null for its first statement
     * @param halfLife the half-life of the index's weights
     */
    public static PartyOpenness add(PartyOpenness previous, EnrichedStatement e, Duration halfLife) {
        PartyOpenness.Builder b = previous == null
                ? PartyOpenness.newBuilder().setParty(e.getParty()).setStatements(0).setOpen(0).setConditional(0)
                        .setClosed(0).setScoreSum(0).setMeanScore(0)
                        .setDecayAnchor(e.getStatement().getPublishedAt())
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
        addToIndex(b, previous == null, e, halfLife);
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

    /**
     * The snapshot without a statement counted before: its stance count, score and index weight
     * are taken out again, so that the same statement seen twice (a reprocessing, a syndicated
     * copy of one quotation) counts once. First and latest evidence are left as they are.
     */
    public static PartyOpenness remove(PartyOpenness current, org.parley.avro.Stance stance, double score, Instant published) {
        PartyOpenness.Builder b = PartyOpenness.newBuilder(current);
        long n = Math.max(0, b.getStatements() - 1);
        double sum = b.getScoreSum() - score;
        b.setStatements(n).setScoreSum(n == 0 ? 0 : sum).setMeanScore(n == 0 ? 0 : sum / n);
        switch (stance) {
            case OPEN -> b.setOpen(Math.max(0, b.getOpen() - 1));
            case CONDITIONAL -> b.setConditional(Math.max(0, b.getConditional() - 1));
            case CLOSED -> b.setClosed(Math.max(0, b.getClosed() - 1));
            default -> throw new IllegalArgumentException("NONE was never counted");
        }
        if (b.getWeightSum() > 0) {
            double w = Math.pow(2, Duration.between(b.getDecayAnchor(), published).toMillis() / 1000.0 / b.getHalfLifeSeconds());
            b.setWeightSum(b.getWeightSum() - w).setWeightedScoreSum(b.getWeightedScoreSum() - w * score)
                    .setWeightedSquareSum(b.getWeightedSquareSum() - w * score * score)
                    .setSquaredWeightSum(b.getSquaredWeightSum() - w * w);
            double wb = Math.pow(w, 1.0 / BASELINE_FACTOR);
            b.setBaselineWeightSum(b.getBaselineWeightSum() - wb)
                    .setBaselineWeightedScoreSum(b.getBaselineWeightedScoreSum() - wb * score);
            refreshIndex(b);
        }
        return b.build();
    }

    /**
     * Each statement weighs 2^((t - anchor) / halfLife) by its publication time t, so the index is
     * the same whatever order statements arrive in, and one state record per party suffices.
     */
    private static void addToIndex(PartyOpenness.Builder b, boolean first, EnrichedStatement e, Duration halfLife) {
        long halfLifeSeconds = Math.max(1, halfLife.toSeconds());
        Instant t = e.getStatement().getPublishedAt();
        if (first || b.getHalfLifeSeconds() != halfLifeSeconds || b.getWeightSum() <= 0) {
            // A new party, a changed half-life, or a record from before version 2: start the index here.
            b.setDecayAnchor(t).setHalfLifeSeconds(halfLifeSeconds)
                    .setWeightSum(0).setWeightedScoreSum(0).setWeightedSquareSum(0).setSquaredWeightSum(0)
                    .setBaselineWeightSum(0).setBaselineWeightedScoreSum(0);
        }
        double age = Duration.between(b.getDecayAnchor(), t).toMillis() / 1000.0 / halfLifeSeconds;
        if (age > 900) {
            // Re-anchor before 2^age could overflow: divide every sum by the weight of the new anchor.
            double shift = Math.pow(2, -age);
            b.setWeightSum(b.getWeightSum() * shift).setWeightedScoreSum(b.getWeightedScoreSum() * shift)
                    .setWeightedSquareSum(b.getWeightedSquareSum() * shift)
                    .setSquaredWeightSum(b.getSquaredWeightSum() * shift * shift).setDecayAnchor(t);
            double baselineShift = Math.pow(2, -age / BASELINE_FACTOR);
            b.setBaselineWeightSum(b.getBaselineWeightSum() * baselineShift)
                    .setBaselineWeightedScoreSum(b.getBaselineWeightedScoreSum() * baselineShift);
            age = 0;
        }
        double w = Math.pow(2, age);
        double s = e.getScore();
        b.setWeightSum(b.getWeightSum() + w)
                .setWeightedScoreSum(b.getWeightedScoreSum() + w * s)
                .setWeightedSquareSum(b.getWeightedSquareSum() + w * s * s)
                .setSquaredWeightSum(b.getSquaredWeightSum() + w * w);
        double wb = Math.pow(2, age / BASELINE_FACTOR);
        b.setBaselineWeightSum(b.getBaselineWeightSum() + wb)
                .setBaselineWeightedScoreSum(b.getBaselineWeightedScoreSum() + wb * s);
        refreshIndex(b);
    }

    private static void refreshIndex(PartyOpenness.Builder b) {
        if (b.getWeightSum() <= 1e-12 || b.getSquaredWeightSum() <= 1e-24) {
            b.setIndex(0).setEffectiveStatements(0).setBand(1.0).setWeightSum(0).setWeightedScoreSum(0)
                    .setWeightedSquareSum(0).setSquaredWeightSum(0).setBaseline(0).setBaselineWeightSum(0)
                    .setBaselineWeightedScoreSum(0);
            return;
        }
        b.setBaseline(b.getBaselineWeightSum() > 1e-12 ? b.getBaselineWeightedScoreSum() / b.getBaselineWeightSum()
                : b.getWeightedScoreSum() / b.getWeightSum());
        double index = b.getWeightedScoreSum() / b.getWeightSum();
        double variance = Math.max(MIN_VARIANCE, b.getWeightedSquareSum() / b.getWeightSum() - index * index);
        double effective = b.getWeightSum() * b.getWeightSum() / b.getSquaredWeightSum();
        b.setIndex(index).setEffectiveStatements(effective).setBand(Math.min(2.0, 1.96 * Math.sqrt(variance / effective)));
    }

    /**
     * What makes two records one statement: the same quotation or sentence (case, quotes, dashes
     * and spacing aside) by the same speaker on the same publication day. A syndicated copy of a
     * quotation is the same statement; a restatement on another day is a new one.
     */
    public static String statementKey(EnrichedStatement e) {
        String text = e.getStatement().getText().toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[\\p{Pi}\\p{Pf}\"'«»„“”‘’]", "").replaceAll("[\\s\\p{Pd}]+", " ").strip();
        String day = e.getStatement().getPublishedAt().toString().substring(0, 10);
        return day + "|" + (e.getSpeaker() == null ? "" : e.getSpeaker().toLowerCase(java.util.Locale.ROOT)) + "|" + text;
    }
}

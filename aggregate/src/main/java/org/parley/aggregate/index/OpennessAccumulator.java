package org.parley.aggregate.index;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import org.parley.avro.EnrichedStatement;
import org.parley.aggregate.state.PartyState;
import org.parley.avro.PartyOpenness;
import org.parley.avro.Stance;

/**
 * A party's snapshot as a function of the statements counted for it: adding and removing a
 * statement. Pure: no Kafka, no clock. Counts and sums do not depend on the order statements come
 * in; the weights of the index come from {@link Decay}, so they do not either (the floating-point
 * sums may differ in their last bits, far below the three decimals the API shows); the first and
 * latest statement are the earliest and latest publication time of any copy seen, ties broken by
 * text and speaker.
 */
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

    /** Which of two copies' texts and speakers stands as the latest when they were published at the same time. */
    private static final Comparator<String> TIE = Comparator.nullsFirst(Comparator.naturalOrder());

    /** The snapshot after adding {@code e}, with the default half-life. */
    public static PartyState add(PartyState previous, EnrichedStatement e) {
        return add(previous, e, DEFAULT_HALF_LIFE);
    }

    /**
     * The snapshot after counting {@code e}.
     *
     * @param previous the party's snapshot so far, or null for its first statement
     * @param halfLife the half-life of the index's weights
     */
    public static PartyState add(PartyState previous, EnrichedStatement e, Duration halfLife) {
        PartyState.Builder b = seen(previous, e);
        long n = b.getStatements() + 1;
        double sum = b.getScoreSum() + e.getScore();
        b.setStatements(n).setScoreSum(sum).setMeanScore(snap(sum / n));
        switch (e.getStance()) {
            case OPEN -> b.setOpen(b.getOpen() + 1);
            case CONDITIONAL -> b.setConditional(b.getConditional() + 1);
            case CLOSED -> b.setClosed(b.getClosed() + 1);
            default -> throw new IllegalArgumentException("NONE does not count");
        }
        addToIndex(b, previous == null, e.getStatement().getPublishedAt(), e.getScore(), halfLife);
        return b.build();
    }

    /**
     * The snapshot with one more copy of a statement seen but not counted (a syndicated copy whose
     * earlier copy stands): only the first and latest publication times can move.
     */
    public static PartyState seenCopy(PartyState previous, EnrichedStatement e) {
        return seen(previous, e).build();
    }

    private static PartyState.Builder seen(PartyState previous, EnrichedStatement e) {
        Instant t = e.getStatement().getPublishedAt();
        PartyState.Builder b = previous == null
                ? PartyState.newBuilder().setParty(e.getParty()).setStatements(0).setOpen(0).setConditional(0)
                        .setClosed(0).setScoreSum(0).setMeanScore(0).setDecayAnchor(Instant.EPOCH)
                        .setFirstStatementAt(t).setLastStatementAt(t).setLastSpeaker(e.getSpeaker())
                        .setLastText(e.getStatement().getText())
                : PartyState.newBuilder(previous);
        if (t.isBefore(b.getFirstStatementAt())) {
            b.setFirstStatementAt(t);
        }
        int c = t.compareTo(b.getLastStatementAt());
        if (c == 0) {
            c = TIE.compare(e.getStatement().getText(), b.getLastText());
        }
        if (c == 0) {
            c = TIE.compare(e.getSpeaker(), b.getLastSpeaker());
        }
        if (c > 0) {
            b.setLastStatementAt(t).setLastSpeaker(e.getSpeaker()).setLastText(e.getStatement().getText());
        }
        return b;
    }

    /**
     * The snapshot without a statement counted before: its stance count, score and index weight
     * are taken out again, so that the same statement seen twice (a reprocessing, a syndicated
     * copy of one quotation) counts once. First and latest evidence are left as they are: they
     * cover every copy seen.
     */
    public static PartyState remove(PartyState current, Stance stance, double score, Instant published) {
        PartyState.Builder b = PartyState.newBuilder(current);
        long n = Math.max(0, b.getStatements() - 1);
        double sum = b.getScoreSum() - score;
        b.setStatements(n).setScoreSum(n == 0 ? 0 : sum).setMeanScore(n == 0 ? 0 : snap(sum / n));
        switch (stance) {
            case OPEN -> b.setOpen(Math.max(0, b.getOpen() - 1));
            case CONDITIONAL -> b.setConditional(Math.max(0, b.getConditional() - 1));
            case CLOSED -> b.setClosed(Math.max(0, b.getClosed() - 1));
            default -> throw new IllegalArgumentException("NONE was never counted");
        }
        if (b.getHalfLifeSeconds() > 0) {
            Decay decay = new Decay(Duration.ofSeconds(b.getHalfLifeSeconds()));
            Decay baseline = new Decay(Duration.ofSeconds(b.getHalfLifeSeconds() * BASELINE_FACTOR));
            double w = decay.weight(published, b.getDecayAnchor());
            double wb = baseline.weight(published, b.getDecayAnchor());
            b.setWeightSum(b.getWeightSum() - w).setWeightedScoreSum(b.getWeightedScoreSum() - w * score)
                    .setWeightedSquareSum(b.getWeightedSquareSum() - w * score * score)
                    .setSquaredWeightSum(b.getSquaredWeightSum() - w * w)
                    .setBaselineWeightSum(b.getBaselineWeightSum() - wb)
                    .setBaselineWeightedScoreSum(b.getBaselineWeightedScoreSum() - wb * score);
            refreshIndex(b);
        }
        return b.build();
    }

    /** Adds a statement's weights, first moving the sums to the anchor of the newest statement (an exact power of two). */
    private static void addToIndex(PartyState.Builder b, boolean first, Instant t, double s, Duration halfLife) {
        long halfLifeSeconds = Math.max(1, halfLife.toSeconds());
        Decay decay = new Decay(Duration.ofSeconds(halfLifeSeconds));
        Decay baseline = new Decay(Duration.ofSeconds(halfLifeSeconds * BASELINE_FACTOR));
        Instant anchor = decay.anchor(b.getLastStatementAt());
        if (first || b.getHalfLifeSeconds() != halfLifeSeconds || b.getStatements() <= 1) {
            // A new party, a changed half-life, or a party whose statements were all taken out: start the index here.
            resetIndex(b.setHalfLifeSeconds(halfLifeSeconds));
        } else if (!anchor.equals(b.getDecayAnchor())) {
            Instant from = b.getDecayAnchor();
            // A snapshot written before the anchor grid has its anchor at its first statement: move it, once, approximately.
            boolean onGrid = decay.anchor(from).equals(from);
            double f = onGrid ? decay.shift(from, anchor) : decay.weight(from, anchor);
            double fb = onGrid ? baseline.shift(from, anchor) : baseline.weight(from, anchor);
            b.setWeightSum(b.getWeightSum() * f).setWeightedScoreSum(b.getWeightedScoreSum() * f)
                    .setWeightedSquareSum(b.getWeightedSquareSum() * f).setSquaredWeightSum(b.getSquaredWeightSum() * f * f)
                    .setBaselineWeightSum(b.getBaselineWeightSum() * fb)
                    .setBaselineWeightedScoreSum(b.getBaselineWeightedScoreSum() * fb);
        }
        b.setDecayAnchor(anchor);
        double w = decay.weight(t, anchor);
        double wb = baseline.weight(t, anchor);
        b.setWeightSum(b.getWeightSum() + w)
                .setWeightedScoreSum(b.getWeightedScoreSum() + w * s)
                .setWeightedSquareSum(b.getWeightedSquareSum() + w * s * s)
                .setSquaredWeightSum(b.getSquaredWeightSum() + w * w)
                .setBaselineWeightSum(b.getBaselineWeightSum() + wb)
                .setBaselineWeightedScoreSum(b.getBaselineWeightedScoreSum() + wb * s);
        refreshIndex(b);
    }

    private static void resetIndex(PartyState.Builder b) {
        b.setWeightSum(0).setWeightedScoreSum(0).setWeightedSquareSum(0).setSquaredWeightSum(0)
                .setBaselineWeightSum(0).setBaselineWeightedScoreSum(0);
    }

    /**
     * The figures from the sums. Taking out the statement that dominates the sums (a copy replaced
     * by an earlier one) leaves the rest to rounding for a moment, and the sums may even dip to
     * zero or below: they are kept, not reset, for the statement added next restores them; only a
     * party with no statement left starts afresh.
     */
    private static void refreshIndex(PartyState.Builder b) {
        if (b.getStatements() == 0) {
            resetIndex(b);
            b.setIndex(0).setEffectiveStatements(0).setBand(1.0).setBaseline(0);
            return;
        }
        if (b.getWeightSum() <= 0 || b.getSquaredWeightSum() <= 0) {
            return;
        }
        b.setBaseline(snap(b.getBaselineWeightSum() > 0 ? b.getBaselineWeightedScoreSum() / b.getBaselineWeightSum()
                : b.getWeightedScoreSum() / b.getWeightSum()));
        double index = b.getWeightedScoreSum() / b.getWeightSum();
        double effective = b.getWeightSum() * b.getWeightSum() / b.getSquaredWeightSum();
        b.setIndex(snap(index)).setEffectiveStatements(snap(effective))
                .setBand(snap(band(b.getWeightSum(), b.getWeightedScoreSum(), b.getWeightedSquareSum(), b.getSquaredWeightSum())));
    }

    /**
     * The half-width of the index's 95% band from its sums: 1.96 standard errors of a weighted
     * mean, with the variance at least {@value #MIN_VARIANCE} and the band at most 2.
     *
     * @param weights        the sum of the weights
     * @param weightedScores the sum of weight × score
     * @param weightedSquares the sum of weight × score²
     * @param squaredWeights the sum of weight²
     */
    public static double band(double weights, double weightedScores, double weightedSquares, double squaredWeights) {
        double index = weightedScores / weights;
        double variance = Math.max(MIN_VARIANCE, weightedSquares / weights - index * index);
        double effective = weights * weights / squaredWeights;
        return Math.min(2.0, 1.96 * Math.sqrt(variance / effective));
    }

    /**
     * A figure on a grid of 1e-12: sums added in another order differ in their last bits, and
     * this takes the difference out, so the same statements give the same figures to the bit
     * (unless a figure falls within 1e-17 of the middle between two grid points).
     */
    static double snap(double v) {
        return Math.rint(v * 1e12) / 1e12;
    }

    /** The party's figures as published on the snapshot topic and served by the API: the state without its sums. */
    public static PartyOpenness snapshot(PartyState s) {
        return s == null ? null : PartyOpenness.newBuilder()
                .setParty(s.getParty()).setStatements(s.getStatements()).setOpen(s.getOpen()).setConditional(s.getConditional())
                .setClosed(s.getClosed()).setScoreSum(s.getScoreSum()).setMeanScore(s.getMeanScore())
                .setFirstStatementAt(s.getFirstStatementAt()).setLastStatementAt(s.getLastStatementAt())
                .setLastSpeaker(s.getLastSpeaker()).setLastText(s.getLastText()).setIndex(s.getIndex()).setBand(s.getBand())
                .setEffectiveStatements(s.getEffectiveStatements()).setHalfLifeSeconds(s.getHalfLifeSeconds())
                .setBaseline(s.getBaseline()).build();
    }

    /**
     * What makes two records one statement: the same quotation or sentence (case, quotes, dashes
     * and spacing aside) by the same speaker on the same publication day. A syndicated copy of a
     * quotation is the same statement; a restatement on another day is a new one.
     */
    public static String statementKey(EnrichedStatement e) {
        String text = e.getStatement().getText().toLowerCase(Locale.ROOT)
                .replaceAll("[\\p{Pi}\\p{Pf}\"'«»„“”‘’]", "").replaceAll("[\\s\\p{Pd}]+", " ").strip();
        String day = e.getStatement().getPublishedAt().toString().substring(0, 10);
        return day + "|" + (e.getSpeaker() == null ? "" : e.getSpeaker().toLowerCase(Locale.ROOT)) + "|" + text;
    }
}

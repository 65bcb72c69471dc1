package org.parley.aggregate.index;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The index as it stood at a time, from the buckets: the mean score with each bucket's
 * statements weighted by {@link Decay} at the bucket's hour, as the snapshot weighs them at
 * their publication time, so the two agree to within an hour's decay. The weights of two
 * buckets keep their ratio whatever time is asked, so asked for times in increasing order it
 * only adds the buckets in between: a series costs one pass over the buckets.
 */
public final class DecayedIndex {

    /** The statements counted in one hour. */
    public interface Hourly {
        Instant hour();

        Tally tally();
    }

    /**
     * The index's figures at a time, as the snapshot computes them from its sums.
     *
     * @param index    the decayed mean score
     * @param band     the half-width of its 95% band
     * @param baseline the mean decayed {@value OpennessAccumulator#BASELINE_FACTOR} times more slowly
     */
    public record Figures(double index, double band, double baseline) {
    }

    private final List<? extends Hourly> buckets;
    private final Decay decay;
    private final Decay slow;
    private final Instant anchor;
    private double weights;
    private double scores;
    private double squares;
    private double squaredWeights;
    private double slowWeights;
    private double slowScores;
    private long statements;
    private Instant sumsAt;
    private int next;

    /** @param buckets sorted by hour */
    public DecayedIndex(List<? extends Hourly> buckets, Duration halfLife) {
        this.buckets = buckets;
        this.decay = new Decay(halfLife);
        this.slow = new Decay(halfLife.multipliedBy(OpennessAccumulator.BASELINE_FACTOR));
        this.anchor = buckets.isEmpty() ? Instant.EPOCH : decay.anchor(buckets.get(buckets.size() - 1).hour());
    }

    /** The index at {@code t}, no earlier than the time asked before; null when no statement came before it. */
    public Double at(Instant t) {
        Figures f = figuresAt(t);
        return f == null ? null : f.index();
    }

    /** The index, band and baseline at {@code t}, no earlier than the time asked before; null when no statement came before it. */
    public Figures figuresAt(Instant t) {
        if (sumsAt != null && t.isBefore(sumsAt)) {
            throw new IllegalArgumentException("times must not go back: " + t + " after " + sumsAt);
        }
        sumsAt = t;
        for (; next < buckets.size() && !buckets.get(next).hour().isAfter(t); next++) {
            Hourly b = buckets.get(next);
            long n = b.tally().statements();
            double w = decay.weight(b.hour(), anchor);
            double ws = slow.weight(b.hour(), anchor);
            weights += w * n;
            scores += w * b.tally().scoreSum();
            squares += w * b.tally().squareSum();
            squaredWeights += w * w * n;
            slowWeights += ws * n;
            slowScores += ws * b.tally().scoreSum();
            statements += n;
        }
        if (statements == 0 || weights <= 0 || squaredWeights <= 0) {
            return null;
        }
        return new Figures(scores / weights, OpennessAccumulator.band(weights, scores, squares, squaredWeights),
                slowWeights > 0 ? slowScores / slowWeights : scores / weights);
    }
}

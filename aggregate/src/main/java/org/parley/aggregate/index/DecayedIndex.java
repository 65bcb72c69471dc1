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

    private final List<? extends Hourly> buckets;
    private final Decay decay;
    private final Instant anchor;
    private double weights;
    private double scores;
    private long statements;
    private Instant sumsAt;
    private int next;

    /** @param buckets sorted by hour */
    public DecayedIndex(List<? extends Hourly> buckets, Duration halfLife) {
        this.buckets = buckets;
        this.decay = new Decay(halfLife);
        this.anchor = buckets.isEmpty() ? Instant.EPOCH : decay.anchor(buckets.get(buckets.size() - 1).hour());
    }

    /** The index at {@code t}, no earlier than the time asked before; null when no statement came before it. */
    public Double at(Instant t) {
        if (sumsAt != null && t.isBefore(sumsAt)) {
            throw new IllegalArgumentException("times must not go back: " + t + " after " + sumsAt);
        }
        sumsAt = t;
        for (; next < buckets.size() && !buckets.get(next).hour().isAfter(t); next++) {
            Hourly b = buckets.get(next);
            double w = decay.weight(b.hour(), anchor);
            weights += w * b.tally().statements();
            scores += w * b.tally().scoreSum();
            statements += b.tally().statements();
        }
        return statements == 0 || weights <= 0 ? null : scores / weights;
    }
}

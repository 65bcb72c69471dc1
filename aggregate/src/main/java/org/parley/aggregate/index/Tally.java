package org.parley.aggregate.index;

import org.parley.avro.Stance;

/**
 * Statements counted in one bucket (a party, an hour of publication time, a speaker): counts per
 * stance, the sum of scores and the sum of squared scores, in millionths, so that a bucket is
 * exactly the same whatever order its statements came in. Buckets are what the rolling windows, the per-speaker breakdown and the
 * history series add up; a late article updates the hour it was published in.
 */
public record Tally(long open, long conditional, long closed, long scoreMicros, long squareMicros) {

    public static final Tally EMPTY = new Tally(0, 0, 0, 0, 0);

    /** A score in millionths, as tallies sum it. */
    public static long micros(double score) {
        return Math.round(score * 1_000_000);
    }

    public long statements() {
        return open + conditional + closed;
    }

    public double scoreSum() {
        return scoreMicros / 1_000_000.0;
    }

    /** The sum of the squared scores (for the band of the index). */
    public double squareSum() {
        return squareMicros / 1_000_000.0;
    }

    public Double meanScore() {
        return statements() == 0 ? null : scoreSum() / statements();
    }

    public Tally plus(Stance stance, double score) {
        return change(stance, micros(score), micros(score * score), 1);
    }

    public Tally minus(Stance stance, double score) {
        return change(stance, -micros(score), -micros(score * score), -1);
    }

    /**
     * How far a part of these statements (one speaker's) moves their mean: the mean with them
     * minus the mean without them; the mean itself when they are all of it.
     */
    public double pull(Tally part) {
        double mean = meanScore() == null ? 0 : meanScore();
        long rest = statements() - part.statements();
        return rest == 0 ? mean : mean - (scoreSum() - part.scoreSum()) / rest;
    }

    public Tally plus(Tally other) {
        return new Tally(open + other.open, conditional + other.conditional, closed + other.closed, scoreMicros + other.scoreMicros,
                squareMicros + other.squareMicros);
    }

    private Tally change(Stance stance, long micros, long squares, int n) {
        return switch (stance) {
            case OPEN -> new Tally(open + n, conditional, closed, scoreMicros + micros, squareMicros + squares);
            case CONDITIONAL -> new Tally(open, conditional + n, closed, scoreMicros + micros, squareMicros + squares);
            case CLOSED -> new Tally(open, conditional, closed + n, scoreMicros + micros, squareMicros + squares);
            default -> throw new IllegalArgumentException("NONE is not counted");
        };
    }
}

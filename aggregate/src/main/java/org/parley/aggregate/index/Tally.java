package org.parley.aggregate.index;

import java.util.Locale;
import org.parley.avro.Stance;

/**
 * Statements counted in one bucket (a party, an hour of publication time, a speaker): counts per
 * stance and the sum of scores. Buckets are what the rolling windows, the per-speaker breakdown
 * and the history series add up; a late article updates the hour it was published in.
 */
public record Tally(long open, long conditional, long closed, double scoreSum) {

    public static final Tally EMPTY = new Tally(0, 0, 0, 0);

    public long statements() {
        return open + conditional + closed;
    }

    public Double meanScore() {
        return statements() == 0 ? null : scoreSum / statements();
    }

    public Tally plus(Stance stance, double score) {
        return change(stance, score, 1);
    }

    public Tally minus(Stance stance, double score) {
        return change(stance, -score, -1);
    }

    public Tally plus(Tally other) {
        return new Tally(open + other.open, conditional + other.conditional, closed + other.closed, scoreSum + other.scoreSum);
    }

    private Tally change(Stance stance, double score, int n) {
        return switch (stance) {
            case OPEN -> new Tally(open + n, conditional, closed, scoreSum + score);
            case CONDITIONAL -> new Tally(open, conditional + n, closed, scoreSum + score);
            case CLOSED -> new Tally(open, conditional, closed + n, scoreSum + score);
            default -> throw new IllegalArgumentException("NONE is not counted");
        };
    }

    /** The compact form kept in the state store. */
    public String encode() {
        return open + "," + conditional + "," + closed + "," + String.format(Locale.ROOT, "%.17g", scoreSum);
    }

    public static Tally decode(String s) {
        if (s == null) {
            return EMPTY;
        }
        String[] p = s.split(",");
        return new Tally(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]), Double.parseDouble(p[3]));
    }
}

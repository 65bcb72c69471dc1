package org.parley.aggregate.index;

import java.util.Locale;
import org.parley.avro.Stance;

/**
 * One party's statements of one publication day: counts per stance and the sum of scores. Days
 * are the buckets behind the rolling windows and the history series; a late article updates the
 * day it was published on.
 */
public record DayStats(long open, long conditional, long closed, double scoreSum) {

    public static final DayStats EMPTY = new DayStats(0, 0, 0, 0);

    public long statements() {
        return open + conditional + closed;
    }

    public Double meanScore() {
        return statements() == 0 ? null : scoreSum / statements();
    }

    public DayStats plus(Stance stance, double score) {
        return change(stance, score, 1);
    }

    public DayStats minus(Stance stance, double score) {
        return change(stance, -score, -1);
    }

    public DayStats plus(DayStats other) {
        return new DayStats(open + other.open, conditional + other.conditional, closed + other.closed, scoreSum + other.scoreSum);
    }

    private DayStats change(Stance stance, double score, int n) {
        return switch (stance) {
            case OPEN -> new DayStats(open + n, conditional, closed, scoreSum + score);
            case CONDITIONAL -> new DayStats(open, conditional + n, closed, scoreSum + score);
            case CLOSED -> new DayStats(open, conditional, closed + n, scoreSum + score);
            default -> throw new IllegalArgumentException("NONE is not counted");
        };
    }

    /** The compact form kept in the state store. */
    public String encode() {
        return open + "," + conditional + "," + closed + "," + String.format(Locale.ROOT, "%.17g", scoreSum);
    }

    public static DayStats decode(String s) {
        if (s == null) {
            return EMPTY;
        }
        String[] p = s.split(",");
        return new DayStats(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]), Double.parseDouble(p[3]));
    }
}

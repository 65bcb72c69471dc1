package org.parley.aggregate.index;

import java.time.Duration;
import java.time.Instant;

/**
 * The decay of the openness index, in one place: a statement published at t weighs
 * 2^((t - anchor) / halfLife), so it counts half as much as one a half-life newer. Weights are
 * measured from an anchor on a fixed grid ({@value #GRID} half-lives from the epoch) and computed
 * from the whole and fractional half-lives since the epoch, so a statement's weight depends on its
 * time and the anchor only, never on what came before it, and moving the anchor by grid steps
 * multiplies every weight by an exact power of two. That is what makes the index a function of the
 * set of statements, whatever order they arrive in ({@link StrictMath} gives every instance the same bits).
 */
public final class Decay {

    /** The anchor grid, in half-lives: weights stay below 2^GRID, squared weights below 2^(2 GRID). */
    public static final int GRID = 256;

    private final long halfLifeMillis;

    public Decay(Duration halfLife) {
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("the half-life must be positive: " + halfLife);
        }
        this.halfLifeMillis = Math.max(1, halfLife.toMillis());
    }

    /** The anchor for weights when the newest statement is at {@code newest}: the grid point at or before it. */
    public Instant anchor(Instant newest) {
        long step = halfLifeMillis * GRID;
        return Instant.ofEpochMilli(Math.floorDiv(newest.toEpochMilli(), step) * step);
    }

    /** 2^((t - anchor) / halfLife), for an anchor from {@link #anchor} (of this decay or of one whose half-life divides it). */
    public double weight(Instant t, Instant anchor) {
        long ms = t.toEpochMilli();
        long whole = Math.floorDiv(ms, halfLifeMillis);
        long fraction = Math.floorMod(ms, halfLifeMillis);
        long anchorWhole = Math.floorDiv(anchor.toEpochMilli(), halfLifeMillis);
        long exponent = whole - anchorWhole;
        if (exponent < -2000) {
            return 0;
        }
        return Math.scalb(StrictMath.pow(2, (double) fraction / halfLifeMillis), (int) Math.min(exponent, 2000));
    }

    /** The factor that moves sums of weights from one anchor to a later one: 2^-(half-lives between them), exact. */
    public double shift(Instant from, Instant to) {
        long halfLives = Math.floorDiv(to.toEpochMilli(), halfLifeMillis) - Math.floorDiv(from.toEpochMilli(), halfLifeMillis);
        return Math.scalb(1.0, (int) -Math.max(-2000, Math.min(2000, halfLives)));
    }
}

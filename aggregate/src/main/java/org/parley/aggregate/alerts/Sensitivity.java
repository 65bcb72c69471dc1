package org.parley.aggregate.alerts;

import java.util.Locale;

/**
 * How far a party's index must leave its own baseline, in multiples of the index's 95% band,
 * before a {@code BASELINE_SHIFT} alert is raised.
 */
public enum Sensitivity {
    /** Only clear shifts: the baseline lies twice the band away. */
    LOW(2.0),
    /** The default: one and a half bands. */
    MEDIUM(1.5),
    /** Any shift the band does not explain. */
    HIGH(1.0);

    private final double bands;

    Sensitivity(double bands) {
        this.bands = bands;
    }

    public double bands() {
        return bands;
    }

    /** Parses "low", "medium" or "high", in any case. */
    public static Sensitivity parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sensitivity must be low, medium or high, not '" + text + "'");
        }
    }
}

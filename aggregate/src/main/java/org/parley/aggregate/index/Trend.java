package org.parley.aggregate.index;

/** Which way a party's index moved over a span: beyond its band, or within it. */
public enum Trend {
    OPENING, CLOSING, STEADY, UNKNOWN;

    /**
     * @param then the index at the span's start, null when no statement came before it
     * @param now  the index at its end
     * @param band the half-width of the index's uncertainty band: a smaller change is no trend
     */
    public static Trend of(Double then, Double now, double band) {
        if (then == null || now == null) {
            return UNKNOWN;
        }
        double change = now - then;
        return Math.abs(change) <= band ? STEADY : change > 0 ? OPENING : CLOSING;
    }
}

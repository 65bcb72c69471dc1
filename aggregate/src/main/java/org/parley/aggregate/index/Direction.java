package org.parley.aggregate.index;

/** Which way a party's mean score leans. */
public enum Direction {
    OPEN, MIXED, CLOSED;

    /** Beyond this distance from zero the mean leans one way. */
    public static final double THRESHOLD = 0.1;

    public static Direction of(double meanScore) {
        if (meanScore > THRESHOLD) {
            return OPEN;
        }
        if (meanScore < -THRESHOLD) {
            return CLOSED;
        }
        return MIXED;
    }
}

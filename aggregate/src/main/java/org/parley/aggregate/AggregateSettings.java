package org.parley.aggregate;

import java.time.Duration;
import org.parley.aggregate.alerts.AlertRules;
import org.parley.aggregate.index.OpennessAccumulator;

/**
 * How the aggregate counts and keeps statements.
 *
 * @param halfLife  half-life of the openness index (default 7 days)
 * @param grace     how long after newer statements a late one still counts; older ones go to the
 *                  dead-letter topic as {@code LateStatement} (default 30 days)
 * @param retention how long statements, conditions and alerts are kept as evidence, in event
 *                  time (default 90 days); the counts behind windows and history are kept for good
 * @param rules     the alert rules
 */
public record AggregateSettings(Duration halfLife, Duration grace, Duration retention, AlertRules rules) {

    public static final Duration DEFAULT_GRACE = Duration.ofDays(30);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

    public AggregateSettings {
        if (halfLife.isNegative() || halfLife.isZero() || grace.isNegative() || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("half-life and retention must be positive, grace not negative");
        }
    }

    public static AggregateSettings defaults() {
        return new AggregateSettings(OpennessAccumulator.DEFAULT_HALF_LIFE, DEFAULT_GRACE, DEFAULT_RETENTION, AlertRules.defaults());
    }

    public AggregateSettings withHalfLife(Duration d) {
        return new AggregateSettings(d, grace, retention, rules);
    }

    public AggregateSettings withGrace(Duration d) {
        return new AggregateSettings(halfLife, d, retention, rules);
    }

    public AggregateSettings withRetention(Duration d) {
        return new AggregateSettings(halfLife, grace, d, rules);
    }

    public AggregateSettings withRules(AlertRules r) {
        return new AggregateSettings(halfLife, grace, retention, r);
    }

    /** How long a statement's identity is kept for dedupe: at least the grace, so a copy that still counts is known. */
    Duration dedupeRetention() {
        Duration g = grace.plusDays(1);
        return g.compareTo(retention) > 0 ? g : retention;
    }
}

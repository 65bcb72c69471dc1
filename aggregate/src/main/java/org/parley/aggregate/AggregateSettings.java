package org.parley.aggregate;

import java.time.Duration;
import org.parley.aggregate.alerts.AlertRules;
import org.parley.aggregate.index.OpennessAccumulator;

/**
 * How the aggregate counts and keeps statements.
 *
 * @param halfLife     half-life of the openness index (default 7 days)
 * @param alertHorizon alerts are raised only for statements published within this time before they
 *                     are processed (default 48 hours), so that a backfill does not alert about the
 *                     past; every statement counts, however late
 * @param retention    how long statements, conditions and alerts are kept as evidence, in event
 *                     time (default 90 days); counts are kept for good
 * @param rules        the alert rules
 */
public record AggregateSettings(Duration halfLife, Duration alertHorizon, Duration retention, AlertRules rules) {

    public static final Duration DEFAULT_ALERT_HORIZON = Duration.ofHours(48);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

    public AggregateSettings {
        if (halfLife.isNegative() || halfLife.isZero() || alertHorizon.isNegative() || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("half-life and retention must be positive, the alert horizon not negative");
        }
    }

    public static AggregateSettings defaults() {
        return new AggregateSettings(OpennessAccumulator.DEFAULT_HALF_LIFE, DEFAULT_ALERT_HORIZON, DEFAULT_RETENTION, AlertRules.defaults());
    }

    public AggregateSettings withHalfLife(Duration d) {
        return new AggregateSettings(d, alertHorizon, retention, rules);
    }

    public AggregateSettings withAlertHorizon(Duration d) {
        return new AggregateSettings(halfLife, d, retention, rules);
    }

    public AggregateSettings withRetention(Duration d) {
        return new AggregateSettings(halfLife, alertHorizon, d, rules);
    }

    public AggregateSettings withRules(AlertRules r) {
        return new AggregateSettings(halfLife, alertHorizon, retention, r);
    }
}

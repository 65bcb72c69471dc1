package org.parley.launcher;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.parley.aggregate.AggregateSettings;
import org.parley.aggregate.alerts.AlertRules;
import org.parley.aggregate.alerts.Sensitivity;
import org.parley.aggregate.http.Windows;
import org.parley.aggregate.webhook.WebhookSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** How the aggregate counts statements over time, raises alerts and delivers them. */
final class AggregateOptions {

    private static final Logger LOG = LoggerFactory.getLogger(AggregateOptions.class);

    /** Alert horizon for the bundled sample, an archive from 2022 to 2025: its alerts are the demonstration. */
    static final Duration ARCHIVE_ALERT_HORIZON = Duration.ofDays(3650);

    @Option(names = "--half-life", defaultValue = "7d", converter = FeedOptions.DurationConverter.class, paramLabel = "DURATION",
            description = "Half-life of the openness index: a statement counts half as much as one this much newer "
                    + "(default: ${DEFAULT-VALUE}). Changing it restarts each party's index from its next statement.")
    Duration halfLife;

    @Option(names = "--windows", defaultValue = Windows.DEFAULT, paramLabel = "LIST",
            description = "Rolling windows of the party view, in hours or days (default: ${DEFAULT-VALUE}).")
    String windows;

    @Option(names = "--alert-horizon", converter = FeedOptions.DurationConverter.class, paramLabel = "DURATION",
            description = "Raise alerts only for statements published within this time before they are processed, so that "
                    + "a backfill does not alert about the past; every statement counts, however late "
                    + "(default: 48h; 3650d for the bundled sample archive).")
    Duration alertHorizon;

    /** Before 0.2 late statements could be dropped; now none is, and the option is only accepted. */
    @Option(names = "--grace", converter = FeedOptions.DurationConverter.class, paramLabel = "DURATION", hidden = true)
    Duration grace;

    @Option(names = "--retention", defaultValue = "90d", converter = FeedOptions.DurationConverter.class, paramLabel = "DURATION",
            description = "How long statements, conditions and alerts are kept as evidence, in event time; "
                    + "counts behind windows and history are kept for good (default: ${DEFAULT-VALUE}).")
    Duration retention;

    @Option(names = "--alert-sensitivity", defaultValue = "medium", paramLabel = "LEVEL",
            description = "How far an index must leave its baseline to alert: low (2 bands), medium (1.5), high (1) "
                    + "(default: ${DEFAULT-VALUE}).")
    String sensitivity;

    @Option(names = "--key-roles", defaultValue = "head_of_state,negotiator", paramLabel = "LIST",
            description = "Speaker roles whose OPEN or CLOSED statements always alert (default: ${DEFAULT-VALUE}).")
    String keyRoles;

    @Option(names = "--webhook", paramLabel = "URL",
            description = "POST every alert to this URL, signed with --webhook-secret; repeatable.")
    List<URI> webhooks = List.of();

    @Option(names = "--webhook-secret", paramLabel = "SECRET", defaultValue = "${env:PARLEY_WEBHOOK_SECRET}",
            description = "Key of the HMAC-SHA256 signature in X-Parley-Signature (default: $PARLEY_WEBHOOK_SECRET).")
    String webhookSecret;

    /** The aggregate's configuration; {@code archive} widens the default alert horizon for the bundled sample. */
    Pipeline.AggregateConfig config(boolean archive) {
        if (grace != null) {
            LOG.warn("--grace is no longer needed and is ignored: every statement counts where its publication time puts it");
        }
        Duration horizon = alertHorizon != null ? alertHorizon : archive ? ARCHIVE_ALERT_HORIZON : AggregateSettings.DEFAULT_ALERT_HORIZON;
        Set<String> roles = Arrays.stream(keyRoles.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        AggregateSettings settings;
        try {
            settings = new AggregateSettings(halfLife, horizon, retention, new AlertRules(Sensitivity.parse(sensitivity), roles));
        } catch (IllegalArgumentException e) {
            throw new Parley.UsageError(e.getMessage());
        }
        for (URI u : webhooks) {
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new Parley.UsageError("--webhook needs an http or https URL, not " + u);
            }
        }
        if (!webhooks.isEmpty() && (webhookSecret == null || webhookSecret.isBlank())) {
            throw new Parley.UsageError("--webhook needs --webhook-secret (or PARLEY_WEBHOOK_SECRET) to sign the alerts");
        }
        List<Windows.Window> w;
        try {
            w = Windows.parse(windows);
        } catch (IllegalArgumentException e) {
            throw new Parley.UsageError("--windows: " + e.getMessage());
        }
        return new Pipeline.AggregateConfig(settings, w, List.copyOf(webhooks),
                webhooks.isEmpty() ? null : WebhookSender.Config.of(webhookSecret));
    }
}

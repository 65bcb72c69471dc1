package org.parley.ingest.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A feed's health record, as the API and metrics show it.
 *
 * @param status              OK, NOT_MODIFIED, FAILING, RATE_LIMITED, PARKED or NEW
 * @param consecutiveFailures failed polls in a row
 * @param failureScore        the same, weighted by kind; the feed is parked when it passes the threshold
 * @param lastItems           items in the feed at the last successful poll
 * @param lastNewArticles     of those, articles not seen before
 * @param repairs             what the lenient parser had to repair at the last poll
 */
public record FeedHealth(String id, String url, String name, String status, Instant lastPoll, Instant lastSuccess,
                         String lastErrorType, String lastError, Instant lastErrorAt, int consecutiveFailures,
                         int failureScore, Instant nextPoll, Duration interval, int lastItems, int lastNewArticles,
                         long totalArticles, List<String> repairs) {
}

package org.parley.ingest.poll;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to poll a feed next. Pure arithmetic, no clock: the interval adapts to the feed (less
 * often when most items are already seen, more often when most are new, within bounds),
 * failures back off exponentially with jitter and are weighted by kind, and a feed whose
 * weighted failures pass a threshold is parked.
 *
 * @param initial        interval of a new feed
 * @param min            shortest interval
 * @param max            longest interval
 * @param backoffBase    wait after the first failure
 * @param backoffMax     longest wait after failures
 * @param parkScore      weighted failures in a row that park a feed
 * @param maxRetryAfter  the longest Retry-After honoured as asked; longer ones are capped here
 */
public record PollPolicy(Duration initial, Duration min, Duration max, Duration backoffBase, Duration backoffMax,
                         int parkScore, Duration maxRetryAfter) {

    public static PollPolicy defaults(Duration initial) {
        Duration min = initial.compareTo(Duration.ofMinutes(2)) < 0 ? initial : Duration.ofMinutes(2);
        return new PollPolicy(initial, min, Duration.ofHours(6).compareTo(initial) > 0 ? Duration.ofHours(6) : initial,
                Duration.ofSeconds(30), Duration.ofHours(2), 12, Duration.ofHours(6));
    }

    /**
     * The interval after a successful poll that saw {@code fresh} new items of {@code total}:
     * halved when most are new (we are missing items), grown by half when few or none are
     * (and on 304 Not Modified), kept otherwise.
     */
    public Duration afterSuccess(Duration current, int fresh, int total) {
        Duration next;
        if (total > 0 && fresh * 2 > total) {
            next = current.dividedBy(2);
        } else if (total == 0 || fresh * 10 < total) {
            next = current.plus(current.dividedBy(2));
        } else {
            next = current;
        }
        return clamp(next, min, max);
    }

    /** The wait after the {@code failures}-th failure in a row: base * 2^(n-1), capped, times a jitter in [0.5, 1.5). */
    public Duration backoff(int failures, RandomGenerator random) {
        long base = backoffBase.toMillis();
        long exp = base << Math.min(30, Math.max(0, failures - 1));
        long capped = Math.min(exp, backoffMax.toMillis());
        return Duration.ofMillis((long) (capped * (0.5 + random.nextDouble())));
    }

    /** The wait a server asked for with Retry-After, bounded; the current interval when it gave none. */
    public Duration retryAfter(Duration asked, Duration current) {
        if (asked == null) {
            return current;
        }
        return clamp(asked, Duration.ofSeconds(1), maxRetryAfter);
    }

    public boolean parks(int failureScore) {
        return failureScore >= parkScore;
    }

    private static Duration clamp(Duration d, Duration lo, Duration hi) {
        return d.compareTo(lo) < 0 ? lo : d.compareTo(hi) > 0 ? hi : d;
    }
}

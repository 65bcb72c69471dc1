package org.parley.ingest.poll;

import java.time.Duration;
import java.util.Objects;

/**
 * A feed to poll.
 *
 * @param url      the feed's URL, file path or {@code classpath:} resource
 * @param name     a display name, or null
 * @param interval a fixed starting interval for this feed, or null for the configured default
 */
public record FeedSpec(String url, String name, Duration interval) {

    public FeedSpec {
        Objects.requireNonNull(url, "url");
        url = url.strip();
        if (url.isEmpty()) {
            throw new IllegalArgumentException("a feed needs a URL or path");
        }
    }

    public static FeedSpec of(String url) {
        return new FeedSpec(url, null, null);
    }

    /** A stable id for the API: a short hash of the URL. */
    public String id() {
        return Integer.toHexString(url.hashCode() & 0x7fffffff);
    }
}

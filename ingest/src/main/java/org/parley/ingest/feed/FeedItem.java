package org.parley.ingest.feed;

import java.time.Instant;

/**
 * One item of a feed, its HTML already reduced to plain text.
 *
 * @param published publication (or, failing that, update) time; null when the feed gives none
 */
public record FeedItem(String title, String link, String guid, Instant published, String text) {
}

package org.parley.ingest.feed;

import java.time.Instant;

/**
 * One item of a feed.
 *
 * @param title       the item's title as the feed gives it, trimmed
 * @param published   publication (or, failing that, update) time; null when the feed gives none
 * @param text        the item's content or description reduced to plain text
 * @param summaryOnly whether the feed carries only a short summary, so the linked page holds the article
 */
public record FeedItem(String title, String link, String guid, Instant published, String text, boolean summaryOnly) {
}

package org.parley.ingest.feed;

import java.util.List;

/**
 * A parsed feed.
 *
 * @param title    the feed's title, trimmed; empty when it has none
 * @param language the language the feed declares, or null
 * @param repairs  what the lenient pass had to repair (empty for a well-formed feed)
 */
public record ParsedFeed(String title, String language, List<FeedItem> items, List<String> repairs) {
}

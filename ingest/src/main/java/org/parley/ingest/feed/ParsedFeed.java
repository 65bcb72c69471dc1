package org.parley.ingest.feed;

import java.util.List;

/** A parsed feed: its title (empty when it has none), its language if declared, and its items. */
public record ParsedFeed(String title, String language, List<FeedItem> items) {
}

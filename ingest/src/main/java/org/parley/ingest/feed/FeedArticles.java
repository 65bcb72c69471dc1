package org.parley.ingest.feed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.parley.avro.Article;
import org.parley.ingest.ArticleIds;

/** Turns the items of a parsed feed into articles. */
public final class FeedArticles {

    private FeedArticles() {
    }

    /**
     * One article per item with text. The publication time falls back to the fetch time and is
     * never later than it: feeds lie about dates, and brokers refuse timestamps far in the future.
     */
    public static List<Article> of(String source, ParsedFeed feed, Instant fetchedAt) {
        List<Article> out = new ArrayList<>(feed.items().size());
        for (FeedItem item : feed.items()) {
            String text = item.text().isBlank() ? item.title() : item.text();
            if (text.isBlank()) {
                continue;
            }
            Instant published = item.published() == null || item.published().isAfter(fetchedAt) ? fetchedAt : item.published();
            out.add(Article.newBuilder()
                    .setId(ArticleIds.of(source, item.link(), item.guid(), item.title()))
                    .setSource(source)
                    .setFeedTitle(feed.title().isEmpty() ? null : feed.title())
                    .setUrl(item.link())
                    .setTitle(item.title())
                    .setPublishedAt(published)
                    .setFetchedAt(fetchedAt)
                    .setLanguage(feed.language())
                    .setText(text)
                    .build());
        }
        return out;
    }
}

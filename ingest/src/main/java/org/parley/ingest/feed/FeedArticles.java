package org.parley.ingest.feed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.parley.avro.Article;
import org.parley.ingest.ArticleIds;
import org.parley.ingest.extract.LanguageGuesser;

/** Turns the items of a parsed feed into articles. */
public final class FeedArticles {

    private static final LanguageGuesser LANGUAGES = new LanguageGuesser();

    private FeedArticles() {
    }

    /**
     * One article per item with text. The publication time falls back to the fetch time and is
     * never later than it: feeds lie about dates, and brokers refuse timestamps far in the future.
     * The language is the feed's, else guessed from the text. Items that carry only a summary are
     * marked {@code summary}, so the linked page can be read for the full text.
     */
    public static List<Article> of(String source, ParsedFeed feed, Instant fetchedAt) {
        List<Article> out = new ArrayList<>(feed.items().size());
        for (FeedItem item : feed.items()) {
            String text = item.text().isBlank() ? item.title() : item.text();
            if (text.isBlank()) {
                continue;
            }
            Instant published = item.published() == null || item.published().isAfter(fetchedAt) ? fetchedAt : item.published();
            String language = feed.language() != null && !feed.language().isBlank() ? feed.language() : LANGUAGES.guess(text);
            out.add(Article.newBuilder()
                    .setId(ArticleIds.of(source, item.link(), item.guid(), item.title()))
                    .setSource(source)
                    .setFeedTitle(feed.title().isEmpty() ? null : feed.title())
                    .setUrl(item.link())
                    .setTitle(item.title())
                    .setPublishedAt(published)
                    .setFetchedAt(fetchedAt)
                    .setLanguage(language)
                    .setText(text)
                    .setExtractor(item.summaryOnly() ? "summary" : "feed")
                    .build());
        }
        return out;
    }
}

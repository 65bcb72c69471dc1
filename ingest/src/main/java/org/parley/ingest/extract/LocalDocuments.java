package org.parley.ingest.extract;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.parley.avro.Article;
import org.parley.ingest.ArticleIds;
import org.parley.ingest.feed.FeedArticles;
import org.parley.ingest.feed.FeedException;
import org.parley.ingest.feed.FeedException.Type;
import org.parley.ingest.feed.FeedParser;

/** Articles from local files: plain text with an optional metadata header, HTML pages, standard input. */
public final class LocalDocuments {

    private static final PageExtractor PAGES = new PageExtractor();
    private static final LanguageGuesser LANGUAGES = new LanguageGuesser();

    private LocalDocuments() {
    }

    public static boolean isText(Path p) {
        return p.toString().toLowerCase(Locale.ROOT).endsWith(".txt");
    }

    public static boolean isHtml(Path p) {
        String s = p.toString().toLowerCase(Locale.ROOT);
        return s.endsWith(".html") || s.endsWith(".htm");
    }

    /**
     * A text file as one article. The {@code # date:} header is the publication time (else the
     * read time), {@code # source:} the URL, {@code # title:} the title.
     */
    public static Article textFile(String source, byte[] bytes, Instant now) throws FeedException {
        TextDocument doc = TextDocument.parse(utf8(source, bytes));
        LocalDate date = doc.date();
        Instant published = date == null ? now : date.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (published.isAfter(now)) {
            published = now;
        }
        String url = doc.metadata().get("source");
        String title = doc.metadata().getOrDefault("title", "");
        return Article.newBuilder()
                .setId(ArticleIds.of(source, url, null, source + "\n" + Integer.toHexString(doc.body().hashCode())))
                .setSource(source).setFeedTitle(null).setUrl(url).setTitle(title)
                .setPublishedAt(published).setFetchedAt(now)
                .setLanguage(doc.metadata().getOrDefault("language", LANGUAGES.guess(doc.body())))
                .setText(doc.body()).setExtractor("text-file")
                .build();
    }

    /** An HTML page as one article, its main text found by {@link PageExtractor}. */
    public static Article htmlFile(String source, byte[] bytes, Instant now) throws FeedException {
        String html = new String(bytes, StandardCharsets.UTF_8);
        PageExtractor.Extracted page = PAGES.extract(html, null)
                .orElseThrow(() -> new FeedException(Type.NotAFeed, source + ": no article text found in the page"));
        return Article.newBuilder()
                .setId(ArticleIds.of(source, null, null, source + "\n" + Integer.toHexString(page.text().hashCode())))
                .setSource(source).setFeedTitle(null).setUrl(null).setTitle(page.title())
                .setPublishedAt(now).setFetchedAt(now)
                .setLanguage(page.language() != null && !page.language().isBlank() ? page.language() : LANGUAGES.guess(page.text()))
                .setText(page.text()).setExtractor("html-file")
                .build();
    }

    /** Standard input: a feed when it looks like XML, else one text article. */
    public static List<Article> stdin(byte[] bytes, Instant now) throws FeedException {
        String head = new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.UTF_8).stripLeading();
        if (head.startsWith("<?xml") || head.startsWith("<rss") || head.startsWith("<feed") || head.startsWith("<rdf")) {
            return FeedArticles.of("-", new FeedParser().parse(bytes), now);
        }
        if (head.toLowerCase(Locale.ROOT).startsWith("<!doctype html") || head.toLowerCase(Locale.ROOT).startsWith("<html")) {
            return List.of(htmlFile("-", bytes, now));
        }
        return List.of(textFile("-", bytes, now));
    }

    private static String utf8(String source, byte[] bytes) throws FeedException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FeedException(Type.BadEncoding, source + " is not UTF-8 text", e);
        }
    }
}

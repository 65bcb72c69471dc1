package org.parley.ingest.feed;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.ParsingFeedException;
import com.rometools.rome.io.SyndFeedInput;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.parley.ingest.extract.HtmlText;
import org.xml.sax.InputSource;

/**
 * Parses RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 with Rome. Rome's input refuses DOCTYPE
 * declarations by default, which shuts out external entities (XXE) and entity expansion
 * (billion laughs); we keep that default and say so in the error.
 */
public final class FeedParser {

    /** Parses a feed document; the bytes' own encoding declaration or BOM decides the charset. */
    public ParsedFeed parse(byte[] bytes) throws org.parley.ingest.feed.FeedException {
        SyndFeed feed;
        try {
            SyndFeedInput input = new SyndFeedInput();
            input.setAllowDoctypes(false);
            input.setXmlHealerOn(true);
            feed = input.build(new InputSource(new ByteArrayInputStream(bytes)));
        } catch (ParsingFeedException e) {
            throw new org.parley.ingest.feed.FeedException(org.parley.ingest.feed.FeedException.Type.MalformedFeed,
                    describe(e), e);
        } catch (IllegalArgumentException | FeedException e) {
            throw new org.parley.ingest.feed.FeedException(org.parley.ingest.feed.FeedException.Type.NotAFeed,
                    describe(e), e);
        } catch (RuntimeException e) {
            throw new org.parley.ingest.feed.FeedException(org.parley.ingest.feed.FeedException.Type.MalformedFeed,
                    describe(e), e);
        }
        List<FeedItem> items = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            items.add(toItem(entry));
        }
        return new ParsedFeed(nullToEmpty(feed.getTitle()).strip(), feed.getLanguage(), List.copyOf(items));
    }

    private static FeedItem toItem(SyndEntry entry) {
        String html = longestContent(entry);
        Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
        return new FeedItem(
                HtmlText.toPlainText(nullToEmpty(entry.getTitle())),
                entry.getLink(),
                entry.getUri(),
                date == null ? null : Instant.ofEpochMilli(date.getTime()),
                HtmlText.toPlainText(html));
    }

    /** The full content when the feed carries it, else the description (a summary). */
    private static String longestContent(SyndEntry entry) {
        String best = entry.getDescription() == null ? "" : nullToEmpty(entry.getDescription().getValue());
        for (SyndContent c : entry.getContents()) {
            String v = nullToEmpty(c.getValue());
            if (v.length() > best.length()) {
                best = v;
            }
        }
        return best;
    }

    private static String describe(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.toLowerCase(Locale.ROOT).contains("doctype")) {
            return "DOCTYPE declarations are refused (external entities and entity expansion): " + m;
        }
        return m;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

package org.parley.ingest.feed;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import com.rometools.rome.io.impl.XmlFixerReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.input.SAXBuilder;
import org.jdom2.input.sax.XMLReaders;
import org.parley.ingest.extract.HtmlText;
import org.xml.sax.InputSource;
import org.parley.ingest.feed.FeedException.Type;

/**
 * Parses RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 with Rome, safely and forgivingly. The charset comes
 * from the BOM, the XML declaration and the HTTP Content-Type, as Rome's {@link XmlReader}
 * decides. A strict parse comes first; a document it refuses gets one lenient retry on a
 * repaired copy ({@link XmlRepair}: leading junk, bare ampersands, a truncated end tag, and
 * HTML entities the document never declares, through Rome's healer). DOCTYPE declarations are
 * never processed: the strict pass refuses them and the lenient pass removes them, so no
 * external entity is fetched and no entity is expanded.
 */
public final class FeedParser {

    /** Parses a feed document whose Content-Type is unknown (a file). */
    public ParsedFeed parse(byte[] bytes) throws FeedException {
        return parse(bytes, null);
    }

    /**
     * Parses a feed document.
     *
     * @param contentType the HTTP Content-Type it was served with, or null
     */
    public ParsedFeed parse(byte[] bytes, String contentType) throws FeedException {
        if (bytes == null || isBlank(bytes)) {
            throw new FeedException(Type.MalformedFeed, "empty document");
        }
        String text = decode(bytes, contentType);
        List<String> repairs = new ArrayList<>();
        Document doc;
        try {
            doc = xml(false).build(new StringReader(text));
        } catch (JDOMException | IOException strictError) {
            XmlRepair.Result repaired = XmlRepair.repair(text);
            try {
                doc = xml(true).build(new XmlFixerReader(new StringReader(repaired.text())));
                repairs.addAll(repaired.repairs());
                repairs.add("lenient parse after: " + describe(strictError));
            } catch (JDOMException | IOException | RuntimeException e) {
                throw new FeedException(Type.MalformedFeed, describe(strictError), strictError);
            }
        }
        repairs.addAll(FeedNormalizer.normalize(doc));
        SyndFeed feed;
        try {
            feed = new SyndFeedInput().build(doc);
        } catch (IllegalArgumentException e) {
            throw new FeedException(Type.NotAFeed, "not an RSS or Atom feed (root element <" + doc.getRootElement().getName() + ">)", e);
        } catch (com.rometools.rome.io.FeedException | RuntimeException e) {
            throw new FeedException(Type.MalformedFeed, describe(e), e);
        }
        List<FeedItem> items = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            items.add(toItem(entry));
        }
        return new ParsedFeed(strip(feed.getTitle()), feed.getLanguage(), List.copyOf(items), List.copyOf(repairs));
    }

    /**
     * A parser that never reads a DTD or an external entity. The strict one refuses any DOCTYPE;
     * the lenient one is given text whose DOCTYPE {@link XmlRepair} removed.
     */
    private static SAXBuilder xml(boolean lenient) {
        SAXBuilder b = new SAXBuilder(XMLReaders.NONVALIDATING);
        b.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        b.setFeature("http://xml.org/sax/features/external-general-entities", false);
        b.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        b.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        b.setExpandEntities(false);
        b.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
        b.setReuseParser(false);
        return b;
    }

    /**
     * Decodes the document. Rome's {@link XmlReader} applies BOM, XML declaration and HTTP charset
     * as RFC 3023 says; UTF-32 (which it does not sniff), a malformed Content-Type and encoding
     * names Java does not know fall back to the byte patterns of XML 1.0 Appendix F.
     */
    private static String decode(byte[] bytes, String contentType) throws FeedException {
        java.nio.charset.Charset utf32 = sniffUtf32(bytes);
        if (utf32 != null) {
            String s = new String(bytes, utf32);
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        }
        String type = normalizeContentType(contentType);
        try {
            return read(type == null ? new XmlReader(new ByteArrayInputStream(bytes), true)
                    : new XmlReader(new ByteArrayInputStream(bytes), type, true));
        } catch (IOException | RuntimeException first) {
            java.nio.charset.Charset guess = sniffUtf16(bytes);
            if (guess == null && type != null) {
                try {
                    return read(new XmlReader(new ByteArrayInputStream(bytes), true));
                } catch (IOException | RuntimeException ignored) {
                    // fall through to the error below
                }
            }
            if (guess != null) {
                String s = new String(bytes, guess);
                return s.startsWith("\uFEFF") ? s.substring(1) : s;
            }
            throw new FeedException(Type.BadEncoding, describe(first), first);
        }
    }

    private static String read(XmlReader reader) throws IOException {
        try (reader) {
            StringBuilder out = new StringBuilder();
            char[] buf = new char[8192];
            int n;
            while ((n = reader.read(buf)) > 0) {
                out.append(buf, 0, n);
            }
            return out.toString();
        }
    }

    /** "text/xml;charset= \"us-ascii\"" becomes "text/xml; charset=us-ascii"; null stays null. */
    static String normalizeContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        String[] parts = contentType.split(";");
        StringBuilder out = new StringBuilder(parts[0].strip().toLowerCase(java.util.Locale.ROOT));
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("charset")) {
                out.append("; charset=").append(kv[1].strip().replace("\"", "").replace("'", "").strip());
            }
        }
        return out.toString();
    }

    private static java.nio.charset.Charset sniffUtf32(byte[] b) {
        if (b.length < 4) {
            return null;
        }
        if ((b[0] == 0 && b[1] == 0 && b[2] == (byte) 0xFE && b[3] == (byte) 0xFF) || (b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == '<')) {
            return java.nio.charset.Charset.forName("UTF-32BE");
        }
        if ((b[0] == (byte) 0xFF && b[1] == (byte) 0xFE && b[2] == 0 && b[3] == 0) || (b[0] == '<' && b[1] == 0 && b[2] == 0 && b[3] == 0)) {
            return java.nio.charset.Charset.forName("UTF-32LE");
        }
        return null;
    }

    private static java.nio.charset.Charset sniffUtf16(byte[] b) {
        if (b.length < 2) {
            return null;
        }
        if ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) || (b[0] == 0 && b[1] == '<')) {
            return StandardCharsets.UTF_16BE;
        }
        if ((b[0] == (byte) 0xFF && b[1] == (byte) 0xFE) || (b[0] == '<' && b[1] == 0)) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    private static FeedItem toItem(SyndEntry entry) {
        String html = longestContent(entry);
        Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
        return new FeedItem(
                strip(entry.getTitle()),
                entry.getLink(),
                entry.getUri(),
                date == null ? null : Instant.ofEpochMilli(date.getTime()),
                HtmlText.toPlainText(html),
                html.length() < 600 && entry.getContents().isEmpty());
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

    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().startsWith("Invalid XML"))) {
            t = t.getCause();
        }
        String m = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        if (m.contains("DOCTYPE") || String.valueOf(e.getMessage()).contains("DOCTYPE")) {
            return "DOCTYPE declarations are not processed (external entities and entity expansion are refused): " + m;
        }
        return m.lines().findFirst().orElse(m).strip();
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t' && b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

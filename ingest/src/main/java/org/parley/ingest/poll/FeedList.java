package org.parley.ingest.poll;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.JDOMException;
import org.jdom2.input.SAXBuilder;
import org.jdom2.input.sax.XMLReaders;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;

/**
 * Feed lists: a YAML file ({@code feeds: [{url, name, interval}]}) or an OPML outline
 * ({@code <outline xmlUrl=...>}, nested outlines included), read and written.
 */
public final class FeedList {

    record YamlFile(List<YamlFeed> feeds) {
    }

    record YamlFeed(String url, String name, String interval) {
    }

    private FeedList() {
    }

    /** Reads a list; OPML when the file says so (.opml, or an {@code <opml>} root), else YAML. */
    public static List<FeedSpec> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".opml") || text.stripLeading().startsWith("<")) {
            return readOpml(text, file.toString());
        }
        return readYaml(text, file.toString());
    }

    static List<FeedSpec> readYaml(String text, String origin) {
        ObjectMapper yaml = JsonMapper.builder(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        YamlFile f;
        try {
            f = yaml.readValue(text, YamlFile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        List<FeedSpec> out = new ArrayList<>();
        if (f == null || f.feeds() == null) {
            return out;
        }
        int n = 0;
        for (YamlFeed feed : f.feeds()) {
            n++;
            if (feed == null || feed.url() == null || feed.url().isBlank()) {
                throw new IllegalArgumentException(origin + ": feed " + n + " has no url");
            }
            out.add(new FeedSpec(feed.url(), feed.name(), feed.interval() == null ? null : Durations.parse(feed.interval())));
        }
        return out;
    }

    static List<FeedSpec> readOpml(String text, String origin) {
        SAXBuilder b = new SAXBuilder(XMLReaders.NONVALIDATING);
        b.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        b.setExpandEntities(false);
        Document doc;
        try {
            doc = b.build(new StringReader(text));
        } catch (JDOMException | IOException e) {
            throw new IllegalArgumentException(origin + ": not a readable OPML file: " + e.getMessage(), e);
        }
        if (!doc.getRootElement().getName().equalsIgnoreCase("opml")) {
            throw new IllegalArgumentException(origin + ": root element is <" + doc.getRootElement().getName() + ">, not <opml>");
        }
        Map<String, FeedSpec> out = new LinkedHashMap<>();
        for (Element outline : doc.getRootElement().getDescendants(new org.jdom2.filter.ElementFilter("outline"))) {
            String url = outline.getAttributeValue("xmlUrl");
            if (url != null && !url.isBlank()) {
                String title = outline.getAttributeValue("title", outline.getAttributeValue("text"));
                out.putIfAbsent(url.strip(), new FeedSpec(url, title, null));
            }
        }
        return List.copyOf(out.values());
    }

    /** Writes an OPML 2.0 outline of the feeds. */
    public static String toOpml(List<FeedSpec> feeds) {
        Element body = new Element("body");
        for (FeedSpec f : feeds) {
            Element o = new Element("outline").setAttribute("type", "rss").setAttribute("xmlUrl", f.url());
            if (f.name() != null) {
                o.setAttribute("text", f.name()).setAttribute("title", f.name());
            } else {
                o.setAttribute("text", f.url());
            }
            body.addContent(o);
        }
        Element opml = new Element("opml").setAttribute("version", "2.0")
                .addContent(new Element("head").addContent(new Element("title").setText("Parley feeds")))
                .addContent(body);
        return new XMLOutputter(Format.getPrettyFormat()).outputString(new Document(opml));
    }

    /** Writes the YAML form of the feeds. */
    public static String toYaml(List<FeedSpec> feeds) {
        StringBuilder out = new StringBuilder("feeds:\n");
        for (FeedSpec f : feeds) {
            out.append("  - url: ").append(quote(f.url())).append('\n');
            if (f.name() != null) {
                out.append("    name: ").append(quote(f.name())).append('\n');
            }
            if (f.interval() != null) {
                out.append("    interval: ").append(f.interval().toSeconds()).append("s\n");
            }
        }
        return out.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Durations written as 90s, 5m, 1h, 2d or ISO-8601. */
    public static final class Durations {
        private Durations() {
        }

        public static Duration parse(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("p")) {
                    return positive(Duration.parse(value.strip()), value);
                }
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return positive(switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new IllegalArgumentException();
                }, value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + value + "' is not a duration such as 90s, 5m or 1h");
            }
        }

        private static Duration positive(Duration d, String value) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("'" + value + "' is not a positive duration");
            }
            return d;
        }
    }
}

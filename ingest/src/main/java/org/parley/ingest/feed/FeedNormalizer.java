package org.parley.ingest.feed;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdom2.Attribute;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * Brings the shapes of real feeds that Rome's parsers do not expect into the core shape of their
 * format, on the parsed XML tree: a missing {@code <channel>}, RSS in an unofficial default
 * namespace, Atom in an unknown namespace, core element names in the wrong case, base64 content
 * (Atom 0.3), and titles given only as {@code dc:title} or {@code media:title}. Each change is
 * named in the feed's repairs. Nothing is removed.
 */
final class FeedNormalizer {

    static final Namespace ATOM_03 = Namespace.getNamespace("http://purl.org/atom/ns#");
    static final Namespace ATOM_10 = Namespace.getNamespace("http://www.w3.org/2005/Atom");
    private static final Namespace DC = Namespace.getNamespace("http://purl.org/dc/elements/1.1/");
    private static final Namespace MEDIA = Namespace.getNamespace("http://search.yahoo.com/mrss/");
    private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    /** Core RSS element names by their lower-case form, to restore the case feeds get wrong. */
    private static final Map<String, String> RSS_NAMES = index(List.of("rss", "channel", "item", "title", "link",
            "description", "language", "copyright", "managingEditor", "webMaster", "pubDate", "lastBuildDate",
            "category", "generator", "docs", "cloud", "ttl", "image", "rating", "textInput", "skipHours", "skipDays",
            "author", "comments", "enclosure", "guid", "source", "url", "width", "height", "name"));

    private FeedNormalizer() {
    }

    static List<String> normalize(Document doc) {
        List<String> repairs = new ArrayList<>();
        Element root = doc.getRootElement();
        String name = root.getName().toLowerCase(Locale.ROOT);
        if (name.equals("rss")) {
            normalizeRss(root, repairs);
        } else if (name.equals("feed") && !root.getNamespace().equals(ATOM_03) && !root.getNamespace().equals(ATOM_10)) {
            Namespace atom = "0.3".equals(root.getAttributeValue("version")) ? ATOM_03 : ATOM_10;
            moveNamespace(root, root.getNamespace(), atom);
            repairs.add("Atom in namespace '" + root.getNamespaceURI() + "' read as " + atom.getURI());
        } else if (name.equals("rdf") && RDF.equals(root.getNamespaceURI()) && firstChild(root, "channel") == null) {
            Element channel = new Element("channel", rssNamespace(root));
            root.addContent(0, channel);
            repairs.add("empty channel added");
        }
        if (root.getNamespace().equals(ATOM_03) || root.getNamespace().equals(ATOM_10)) {
            decodeBase64(root, repairs);
        }
        return repairs;
    }

    private static void normalizeRss(Element root, List<String> repairs) {
        Namespace ns = root.getNamespace();
        if (ns != Namespace.NO_NAMESPACE) {
            // RSS 0.9x/2.0 has no namespace; some feeds declare one (userland's) as default.
            moveNamespace(root, ns, Namespace.NO_NAMESPACE);
            repairs.add("RSS namespace '" + ns.getURI() + "' dropped");
        }
        if (fixCase(root)) {
            repairs.add("element names put in their case");
        }
        String version = root.getAttributeValue("version");
        if (version == null || (version.startsWith("2.") && !version.equals("2.0"))) {
            // Rome knows 0.90 to 0.94 and 2.0; later 2.x and unversioned <rss> are read as 2.0.
            root.setAttribute("version", "2.0");
            if (version != null) {
                repairs.add("RSS version " + version + " read as 2.0");
            }
        }
        Element channel = root.getChild("channel");
        if (channel == null) {
            channel = new Element("channel");
            for (Element stray : new ArrayList<>(root.getChildren())) {
                channel.addContent(stray.detach());
            }
            root.addContent(channel);
            repairs.add("channel added");
        }
        if (titleFromEquivalent(channel)) {
            repairs.add("channel title from dc:title");
        }
        for (Element item : channel.getChildren("item")) {
            if (titleFromEquivalent(item)) {
                repairs.add("item title from dc:title or media:title");
            }
        }
    }

    /** Adds a core {@code <title>} from {@code dc:title} or {@code media:title} when the element has none. */
    private static boolean titleFromEquivalent(Element e) {
        if (e.getChild("title") != null) {
            return false;
        }
        Element alt = e.getChild("title", DC);
        if (alt == null) {
            alt = e.getChild("title", MEDIA);
        }
        if (alt == null) {
            return false;
        }
        e.addContent(new Element("title").setText(alt.getText()));
        return true;
    }

    private static boolean fixCase(Element e) {
        boolean changed = false;
        if (e.getNamespace() == Namespace.NO_NAMESPACE) {
            String canonical = RSS_NAMES.get(e.getName().toLowerCase(Locale.ROOT));
            if (canonical != null && !canonical.equals(e.getName())) {
                e.setName(canonical);
                changed = true;
            }
        }
        for (Element child : e.getChildren()) {
            changed |= fixCase(child);
        }
        return changed;
    }

    private static void moveNamespace(Element e, Namespace from, Namespace to) {
        if (e.getNamespace().equals(from)) {
            e.setNamespace(to);
        }
        for (Element child : e.getChildren()) {
            moveNamespace(child, from, to);
        }
    }

    /** Atom 0.3's mode="base64": decode in place, so Rome sees the text. */
    private static void decodeBase64(Element e, List<String> repairs) {
        Attribute mode = e.getAttribute("mode");
        if (mode != null && mode.getValue().equalsIgnoreCase("base64")) {
            try {
                byte[] decoded = Base64.getMimeDecoder().decode(e.getTextTrim());
                e.setText(new String(decoded, StandardCharsets.UTF_8));
                String type = e.getAttributeValue("type", "");
                mode.setValue(type.contains("html") ? "escaped" : "xml");
                if (!type.contains("html")) {
                    e.removeAttribute(mode);
                }
                repairs.add("base64 content decoded");
            } catch (IllegalArgumentException notBase64) {
                e.removeAttribute(mode);
            }
        }
        for (Element child : e.getChildren()) {
            decodeBase64(child, repairs);
        }
    }

    private static Element firstChild(Element e, String localName) {
        for (Element c : e.getChildren()) {
            if (c.getName().equalsIgnoreCase(localName)) {
                return c;
            }
        }
        return null;
    }

    private static Namespace rssNamespace(Element root) {
        for (Namespace ns : root.getNamespacesInScope()) {
            if (ns.getPrefix().isEmpty()) {
                return ns;
            }
        }
        return Namespace.NO_NAMESPACE;
    }

    private static Map<String, String> index(List<String> names) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>();
        names.forEach(n -> m.put(n.toLowerCase(Locale.ROOT), n));
        return Map.copyOf(m);
    }
}

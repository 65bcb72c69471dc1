package org.parley.ingest.extract;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Reduces an HTML fragment to plain text that keeps paragraph structure: block elements end
 * with a blank line, {@code <br>} with a line break, and runs of white space inside a
 * paragraph collapse to one space. Scripts, styles and figure captions are dropped.
 */
public final class HtmlText {

    private HtmlText() {
    }

    public static String toPlainText(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        if (html.indexOf('<') < 0 && html.indexOf('&') < 0) {
            return normalise(html);
        }
        Element body = Jsoup.parseBodyFragment(html).body();
        body.select("script, style, noscript, figcaption, iframe").remove();
        StringBuilder out = new StringBuilder(html.length());
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    out.append(text.getWholeText());
                } else if (node instanceof Element e && e.normalName().equals("br")) {
                    out.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && e.isBlock() && !e.normalName().equals("br")) {
                    out.append("\n\n");
                }
            }
        }, body);
        return normalise(out.toString());
    }

    /** Collapses spaces within lines, keeps single line breaks and at most one blank line. */
    static String normalise(String text) {
        String s = text.replace('\u00a0', ' ').replace("\r\n", "\n").replace('\r', '\n');
        s = s.replaceAll("[ \\t\\x0B\\f]+", " ");
        s = s.replaceAll(" *\\n *", "\n");
        s = s.replaceAll("\\n{3,}", "\n\n");
        return s.strip();
    }
}

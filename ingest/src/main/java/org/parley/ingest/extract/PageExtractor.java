package org.parley.ingest.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Extracts the main article text of a news page, trying three extractors in turn and keeping the
 * first that yields enough text: the publisher's own {@code articleBody} in schema.org JSON-LD,
 * then the container whose paragraphs carry the most text with the fewest links (with the
 * class and id hints news sites use), then all substantial paragraphs outside navigation.
 * Navigation, ads, captions, share bars and comment sections are dropped first.
 */
public final class PageExtractor {

    /** Text shorter than this is not taken as an article; the next extractor is tried. */
    public static final int MIN_CHARS = 300;

    private static final String BOILERPLATE = "script, style, noscript, template, svg, form, iframe, nav, header, footer, aside, "
            + "figcaption, figure, button, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], "
            + "[aria-hidden=true], [hidden]";
    private static final Pattern NEGATIVE = Pattern.compile(
            "comment|disqus|share|social|related|recommend|promo|sponsor|advert|\\bad\\b|ad-|ads|banner|newsletter|subscribe"
                    + "|sidebar|footer|header|menu|nav|breadcrumb|caption|credit|tags|byline|author-bio|popular|trending|cookie|modal",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern POSITIVE = Pattern.compile("article|story|content|entry|post|body|main|text",
            Pattern.CASE_INSENSITIVE);

    private final ObjectMapper json = new ObjectMapper();

    /** The extracted text and which extractor produced it. */
    public record Extracted(String title, String text, String extractor, String language) {
    }

    public Optional<Extracted> extract(String html, String baseUrl) {
        Document doc = Jsoup.parse(html, baseUrl == null ? "" : baseUrl);
        String title = doc.title();
        String lang = doc.selectFirst("html[lang]") == null ? null : doc.selectFirst("html[lang]").attr("lang");
        String jsonLd = fromJsonLd(doc);
        if (jsonLd != null && jsonLd.length() >= MIN_CHARS) {
            return Optional.of(new Extracted(title, jsonLd, "jsonld", lang));
        }
        doc.select(BOILERPLATE).remove();
        for (Element e : new ArrayList<>(doc.body() == null ? List.of() : doc.body().getAllElements())) {
            if (e.parent() != null && e != doc.body() && NEGATIVE.matcher(e.className() + " " + e.id()).find()
                    && !POSITIVE.matcher(e.id()).find() && e.select("p").size() < 3) {
                e.remove();
            }
        }
        String dense = fromDensestContainer(doc);
        if (dense != null && dense.length() >= MIN_CHARS) {
            return Optional.of(new Extracted(title, dense, "readability", lang));
        }
        String paragraphs = fromParagraphs(doc);
        if (paragraphs.length() >= MIN_CHARS) {
            return Optional.of(new Extracted(title, paragraphs, "paragraphs", lang));
        }
        return Optional.empty();
    }

    /** schema.org NewsArticle/Article/ReportageNewsArticle {@code articleBody}, in any JSON-LD block. */
    private String fromJsonLd(Document doc) {
        for (Element script : doc.select("script[type=application/ld+json]")) {
            try {
                String body = findArticleBody(json.readTree(script.data()));
                if (body != null) {
                    return HtmlText.toPlainText(body);
                }
            } catch (Exception malformed) {
                // a broken JSON-LD block is common; the next extractor is tried
            }
        }
        return null;
    }

    private static String findArticleBody(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isArray()) {
            for (JsonNode n : node) {
                String b = findArticleBody(n);
                if (b != null) {
                    return b;
                }
            }
            return null;
        }
        if (node.isObject()) {
            JsonNode body = node.get("articleBody");
            if (body != null && body.isTextual() && !body.asText().isBlank()) {
                return body.asText();
            }
            return findArticleBody(node.get("@graph"));
        }
        return null;
    }

    /**
     * Scores each element by the text of its direct paragraphs, minus link text, plus or minus
     * for class and id hints, and takes the best one's paragraphs.
     */
    private static String fromDensestContainer(Document doc) {
        Element best = null;
        double bestScore = 0;
        for (Element p : doc.select("p")) {
            Element parent = p.parent();
            if (parent == null) {
                continue;
            }
            double score = containerScore(parent);
            if (score > bestScore) {
                bestScore = score;
                best = parent;
            }
        }
        if (best == null) {
            return null;
        }
        // Articles often split paragraphs across sibling blocks: climb while the parent adds text.
        Element candidate = best;
        while (candidate.parent() != null && candidate.parent() != doc.body()
                && containerScore(candidate.parent()) > bestScore * 1.2) {
            candidate = candidate.parent();
            bestScore = containerScore(candidate);
        }
        return paragraphsOf(candidate);
    }

    private static double containerScore(Element e) {
        double text = 0;
        for (Element p : e.select("p")) {
            String t = p.text();
            if (t.length() < 25) {
                continue;
            }
            double links = p.select("a").text().length();
            text += t.length() - 2 * links + 10 * count(t, ',');
        }
        String hints = (e.className() + " " + e.id()).toLowerCase(Locale.ROOT);
        if (POSITIVE.matcher(hints).find()) {
            text *= 1.25;
        }
        if (NEGATIVE.matcher(hints).find()) {
            text *= 0.5;
        }
        return text;
    }

    private static String paragraphsOf(Element container) {
        StringBuilder out = new StringBuilder();
        for (Element p : container.select("p, h2, h3, blockquote > p, li")) {
            if (p.tagName().equals("li") && p.select("a").text().length() * 2 > p.text().length()) {
                continue;
            }
            String t = p.text().strip();
            if (t.length() >= 25 || (p.tagName().startsWith("h") && !t.isEmpty())) {
                if (out.length() > 0) {
                    out.append("\n\n");
                }
                out.append(t);
            }
        }
        return out.toString();
    }

    private static String fromParagraphs(Document doc) {
        StringBuilder out = new StringBuilder();
        for (Element p : doc.select("p")) {
            String t = p.text().strip();
            if (t.length() >= 60 && p.select("a").text().length() * 3 < t.length()) {
                if (out.length() > 0) {
                    out.append("\n\n");
                }
                out.append(t);
            }
        }
        return out.toString();
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}

package org.parley.ingest.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every file of the real-world feed corpus in {@code ../shared/corpus/feeds} (2,269 test feeds
 * of feedparser and Rome; see its README): no exception escapes, none takes more than a second,
 * every file gives a feed or a typed error, every well-formed feed parses, and every plain
 * expected title matches, including the {@code entities/} files that use HTML entities the XML
 * never declares. Skipped, with a message, where {@code ../shared} is absent.
 */
class FeedCorpusTest {

    private static final Path CORPUS = Path.of(System.getProperty("parley.shared.dir", "../../shared"), "corpus", "feeds");

    /**
     * Well-formed files we do not parse, and why.
     */
    private static final Map<String, String> ACCEPTED_REFUSALS = Map.of(
            "feedparser/wellformed/rss/entity_in_doctype.xml",
            "uses an entity declared in its DOCTYPE; DOCTYPEs are never processed (the defence against XXE and "
                    + "entity expansion), so the entity is undefined and the file is a typed MalformedFeed");

    /** Plain expected titles we do not reproduce, and why. */
    private static final Map<String, String> ACCEPTED_TITLE_DIVERGENCES = Map.of(
            "feedparser/wellformed/cdf/channel_title.xml",
            "Microsoft CDF (a <CHANNEL> root), not RSS or Atom: Rome has no CDF parser, so a typed NotAFeed",
            "feedparser/wellformed/cdf/item_title.xml",
            "Microsoft CDF (a <CHANNEL> root), not RSS or Atom: Rome has no CDF parser, so a typed NotAFeed");

    private final FeedParser parser = new FeedParser();

    @Test
    void everyCorpusFileParsesOrFailsWithATypedErrorQuickly() throws Exception {
        Path manifest = CORPUS.resolve("manifest.jsonl");
        assumeTrue(Files.exists(manifest), "feed corpus absent at " + CORPUS.toAbsolutePath() + ": skipped");
        ObjectMapper json = new ObjectMapper();
        int files = 0;
        int parsed = 0;
        int repaired = 0;
        int titlesChecked = 0;
        int titlesMatched = 0;
        Map<String, Integer> errors = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        long slowest = 0;
        String slowestFile = "";
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode m = json.readTree(line);
            String path = m.get("path").asText();
            byte[] bytes = Files.readAllBytes(CORPUS.resolve(path));
            files++;
            ParsedFeed feed = null;
            long t0 = System.nanoTime();
            try {
                feed = parser.parse(bytes, contentType(m));
                parsed++;
                if (!feed.repairs().isEmpty()) {
                    repaired++;
                }
            } catch (FeedException e) {
                errors.merge(e.type().name(), 1, Integer::sum);
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    problems.add(path + ": typed error without a reason");
                }
            } catch (Throwable t) {
                problems.add(path + ": escaped " + t);
                continue;
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms > slowest) {
                slowest = ms;
                slowestFile = path;
            }
            if (ms > 1000) {
                problems.add(path + ": took " + ms + " ms");
            }
            boolean shouldParse = m.get("wellformed").asBoolean() && m.get("xml_wellformed").asBoolean(false)
                    && !m.get("format_hint").asText().equals("unknown");
            if (shouldParse && feed == null && !ACCEPTED_REFUSALS.containsKey(path)) {
                problems.add(path + ": well-formed feed refused");
            }
            JsonNode expected = m.get("expected_title");
            if (expected != null && !expected.isNull() && "plain".equals(m.path("title_kind").asText())
                    && !ACCEPTED_TITLE_DIVERGENCES.containsKey(path)) {
                titlesChecked++;
                String got = feed == null ? null : title(feed, m.get("expected_field").asText());
                if (expected.asText().strip().equals(got)) {
                    titlesMatched++;
                } else {
                    problems.add(path + ": title " + (got == null ? "(no feed)" : "'" + got + "'") + " != '" + expected.asText() + "'");
                }
            }
        }
        System.out.printf("feed corpus: %d files, %d parsed (%d after repair), typed errors %s, plain titles %d/%d, slowest %d ms (%s)%n",
                files, parsed, repaired, errors, titlesMatched, titlesChecked, slowest, slowestFile);
        assertThat(problems).as("corpus problems").isEmpty();
        assertThat(files).isEqualTo(2269);
    }

    private static String contentType(JsonNode m) {
        JsonNode headers = m.get("http_headers");
        if (headers == null || headers.isNull()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            if (h.getKey().equalsIgnoreCase("content-type")) {
                return h.getValue().asText();
            }
        }
        return null;
    }

    private static String title(ParsedFeed feed, String field) {
        if (field.equals("feed.title")) {
            return feed.title();
        }
        return feed.items().isEmpty() ? null : feed.items().get(0).title();
    }
}

package org.parley.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.parley.ingest.feed.FeedException;
import org.parley.ingest.feed.FeedItem;
import org.parley.ingest.feed.FeedParser;
import org.parley.ingest.feed.Fetched;
import org.parley.ingest.feed.ParsedFeed;
import org.parley.ingest.feed.SourceFetcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Parses feeds as ingest does and prints what it found, one JSON line per item, in one JVM. */
@Command(name = "parse-feed", mixinStandardHelpOptions = true,
        description = {
                "Fetch and parse RSS or Atom feeds (files or URLs) as ingest does, and print one JSON line per item: "
                        + "source, feed_title, title, link, published, text.",
                "A feed without items prints one line with \"items\": 0; an input that fails prints "
                        + "{\"source\", \"error\", \"message\"} with a stable error type. Exits 1 when any input failed."})
final class ParseFeedCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE_OR_URL", description = "Feed files or http(s) URLs.")
    List<String> inputs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper();
        PrintWriter out = spec.commandLine().getOut();
        SourceFetcher fetcher = SourceFetcher.defaults();
        FeedParser parser = new FeedParser();
        int failed = 0;
        for (String input : inputs) {
            try {
                Fetched f = fetcher.fetch(input);
                ParsedFeed feed = parser.parse(f.body(), f.contentType());
                if (feed.items().isEmpty()) {
                    ObjectNode line = json.createObjectNode();
                    line.put("source", input);
                    line.put("feed_title", feed.title());
                    line.put("items", 0);
                    out.println(json.writeValueAsString(line));
                }
                for (FeedItem item : feed.items()) {
                    ObjectNode line = json.createObjectNode();
                    line.put("source", input);
                    line.put("feed_title", feed.title());
                    line.put("title", item.title());
                    line.put("link", item.link());
                    line.put("published", item.published() == null ? null : item.published().toString());
                    line.put("text", item.text());
                    out.println(json.writeValueAsString(line));
                }
            } catch (FeedException e) {
                failed++;
                ObjectNode line = json.createObjectNode();
                line.put("source", input);
                line.put("error", e.type().name());
                line.put("message", e.getMessage());
                out.println(json.writeValueAsString(line));
            }
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}

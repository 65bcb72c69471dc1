package org.parley.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.ingest.poll.FeedList;
import org.parley.ingest.poll.FeedPoller;
import org.parley.ingest.poll.FeedSpec;
import org.parley.ingest.poll.PollPolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** What ingest reads, how often and how politely. */
final class FeedOptions {

    static final String SAMPLE_FEED = "classpath:parley/sample/sample-feed.xml";

    @Option(names = "--feed", paramLabel = "URL_OR_PATH",
            description = "A source to ingest: an RSS or Atom URL or file, a .txt or .html file, a folder of them, "
                    + "or - for standard input; repeatable. Default: the bundled sample feed.")
    List<String> feeds = new ArrayList<>();

    @Option(names = "--feeds", paramLabel = "FILE",
            description = "A feed list: YAML (feeds: [{url, name, interval}]) or OPML.")
    Path feedList;

    @Option(names = "--poll-interval", defaultValue = "5m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Starting interval between polls of a feed, e.g. 90s, 5m, 1h; it adapts to the feed "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--max-fetches", defaultValue = "4", paramLabel = "N",
            description = "Fetches running at once (default: ${DEFAULT-VALUE}).")
    int maxFetches;

    @Option(names = "--per-host-delay", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Least time between two requests to one host (default: ${DEFAULT-VALUE}).")
    Duration perHostDelay;

    @Option(names = "--admin-token", defaultValue = "${env:PARLEY_ADMIN_TOKEN}", paramLabel = "TOKEN",
            description = "Token for the feed admin API (POST/DELETE /api/feeds); default: $PARLEY_ADMIN_TOKEN. "
                    + "Without one the admin API is disabled.")
    String adminToken;

    /** The feeds to poll: --feeds and --feed together, each URL once; the sample when none is given. */
    List<FeedSpec> specs() {
        Map<String, FeedSpec> out = new LinkedHashMap<>();
        if (feedList != null) {
            try {
                FeedList.read(feedList).forEach(s -> out.putIfAbsent(s.url(), s));
            } catch (IOException e) {
                throw new Parley.UsageError("cannot read feed list " + feedList + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new Parley.UsageError(e.getMessage());
            }
        }
        feeds.forEach(f -> out.putIfAbsent(f, FeedSpec.of(f)));
        if (out.isEmpty()) {
            out.put(SAMPLE_FEED, FeedSpec.of(SAMPLE_FEED));
        }
        return List.copyOf(out.values());
    }

    /** Whether the bundled sample is what will be read (no feed was given). */
    boolean usesSample() {
        return feedList == null && feeds.isEmpty();
    }

    PollPolicy policy() {
        return PollPolicy.defaults(pollInterval);
    }

    FeedPoller.Config poller() {
        if (maxFetches < 1) {
            throw new Parley.UsageError("--max-fetches must be at least 1");
        }
        return new FeedPoller.Config(maxFetches, perHostDelay);
    }

    /** Reads 90s, 5m, 1h, 2d or an ISO-8601 duration. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return FeedList.Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}

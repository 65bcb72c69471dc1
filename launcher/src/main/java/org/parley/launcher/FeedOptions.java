package org.parley.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** What ingest reads and how often. */
final class FeedOptions {

    static final String SAMPLE_FEED = "classpath:parley/sample/sample-feed.xml";

    @Option(names = "--feed", paramLabel = "URL_OR_FILE",
            description = "A feed to ingest (RSS or Atom URL or file); repeatable. Default: the bundled sample feed.")
    List<String> feeds = new ArrayList<>();

    @Option(names = "--poll-interval", defaultValue = "5m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How often feeds are read again, e.g. 90s, 5m, 1h (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    List<String> feedsOrSample() {
        return feeds.isEmpty() ? List.of(SAMPLE_FEED) : List.copyOf(feeds);
    }

    /** Reads 90s, 5m, 1h, 2d or an ISO-8601 duration. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("p")) {
                    return Duration.parse(value.strip());
                }
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                Duration d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new TypeConversionException("");
                };
                if (d.isNegative() || d.isZero()) {
                    throw new TypeConversionException("");
                }
                return d;
            } catch (RuntimeException e) {
                throw new TypeConversionException("'" + value + "' is not a duration such as 90s, 5m or 1h");
            }
        }
    }
}

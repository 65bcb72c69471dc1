package org.parley.aggregate.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Rolling windows of the party view, such as "24h,7d,30d": each ends at the time asked for. */
public final class Windows {

    /** A named rolling window: the statements published in the {@code length} before the time asked for. */
    public record Window(String name, Duration length) {
    }

    public static final String DEFAULT = "24h,7d,30d";

    private Windows() {
    }

    /** Parses a comma-separated list of lengths in hours or days ("24h", "7d"). */
    public static List<Window> parse(String spec) {
        List<Window> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String w = part.strip().toLowerCase(Locale.ROOT);
            out.add(new Window(w, length(w)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no windows in '" + spec + "'");
        }
        return List.copyOf(out);
    }

    /** A length in hours or days: "6h", "24h", "7d"; at most ten years. */
    public static Duration length(String text) {
        String w = text.strip().toLowerCase(Locale.ROOT);
        if (!w.matches("[1-9][0-9]{0,4}[hd]")) {
            throw new IllegalArgumentException("'" + text + "' is not a length such as 24h or 7d");
        }
        long n = Long.parseLong(w.substring(0, w.length() - 1));
        Duration d = w.endsWith("h") ? Duration.ofHours(n) : Duration.ofDays(n);
        if (d.compareTo(Duration.ofDays(3660)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is longer than ten years");
        }
        return d;
    }
}

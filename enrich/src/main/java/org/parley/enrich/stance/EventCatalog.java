package org.parley.enrich.stance;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.parley.avro.Stance;
import org.parley.enrich.text.RuleFiles;

/**
 * The CAMEO event (with its Goldstein weight) and PLOVER type a stance reports, from
 * {@code parley/enrich/events.yaml}; the score of a statement is the weight divided by 10.
 */
public final class EventCatalog {

    record File(List<Entry> events) {
    }

    record Entry(Stance stance, String cameo, String name, Double goldstein, Double factor, String plover,
                 Boolean dflt, List<String> cues) {
    }

    /** An event a statement reports. */
    public record Event(String cameo, String name, double goldstein, double factor, String plover, Pattern cue) {

        /** The score in [-1, 1]: the Goldstein weight divided by 10, times the factor. */
        public double score() {
            return Math.max(-1, Math.min(1, goldstein / 10.0 * factor));
        }
    }

    private final Map<Stance, List<Event>> specific = new EnumMap<>(Stance.class);
    private final Map<Stance, Event> defaults = new EnumMap<>(Stance.class);

    private EventCatalog(File f, String origin) {
        for (Entry e : f.events()) {
            if (e.stance() == null || e.cameo() == null || e.goldstein() == null) {
                throw new IllegalArgumentException(origin + ": an event needs stance, cameo and goldstein: " + e);
            }
            double factor = e.factor() == null ? 1.0 : e.factor();
            if (Boolean.TRUE.equals(e.dflt())) {
                defaults.put(e.stance(), new Event(e.cameo(), e.name(), e.goldstein(), factor, e.plover(), null));
            } else {
                String alternation = String.join("|", e.cues() == null ? List.of() : e.cues());
                Pattern cue = Pattern.compile("(?<![\\p{L}])(?:" + alternation + ")(?![\\p{L}])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
                specific.computeIfAbsent(e.stance(), k -> new ArrayList<>())
                        .add(new Event(e.cameo(), e.name(), e.goldstein(), factor, e.plover(), cue));
            }
        }
        for (Stance s : List.of(Stance.OPEN, Stance.CONDITIONAL, Stance.CLOSED)) {
            if (!defaults.containsKey(s)) {
                throw new IllegalArgumentException(origin + ": no default event for " + s);
            }
        }
    }

    public static EventCatalog bundled() {
        String path = "parley/enrich/events.yaml";
        try (InputStream in = EventCatalog.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath");
            }
            // "default" is a Java keyword: the record component is dflt.
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("default: true", "dflt: true");
            return new EventCatalog(RuleFiles.read(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    path, File.class), path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The event of a statement with this stance; null for NONE. */
    public Event of(Stance stance, String text) {
        if (stance == Stance.NONE) {
            return null;
        }
        for (Event e : specific.getOrDefault(stance, List.of())) {
            if (e.cue().matcher(text).find()) {
                return e;
            }
        }
        return defaults.get(stance);
    }
}

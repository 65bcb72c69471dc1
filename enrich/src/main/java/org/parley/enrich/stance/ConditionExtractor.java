package org.parley.enrich.stance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.enrich.text.RuleFiles;

/**
 * Finds the preconditions and terms a statement states, as topics with their text spans
 * (neutrality or NATO membership, territory, security guarantees, troop withdrawal...), from
 * {@code parley/enrich/conditions.yaml}.
 */
public final class ConditionExtractor {

    /** A stated condition: its topic and where it stands in the statement. */
    public record Condition(String topic, String text, int start, int end) {
    }

    record File(Map<String, List<String>> topics) {
    }

    private final Map<String, Pattern> topics = new LinkedHashMap<>();

    private ConditionExtractor(File f, String origin) {
        if (f.topics() == null || f.topics().isEmpty()) {
            throw new IllegalArgumentException(origin + ": no topics");
        }
        f.topics().forEach((topic, phrases) -> topics.put(topic, Pattern.compile(
                "(?<![\\p{L}])(?:" + String.join("|", phrases) + ")(?![\\p{L}])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
    }

    public static ConditionExtractor bundled() {
        return new ConditionExtractor(RuleFiles.bundled("parley/enrich/conditions.yaml", File.class), "parley/enrich/conditions.yaml");
    }

    /** The conditions a statement names, in text order; where two overlap the longer is kept. */
    public List<Condition> extract(String text) {
        List<Condition> found = new ArrayList<>();
        topics.forEach((topic, pattern) -> {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                found.add(new Condition(topic, m.group(), m.start(), m.end()));
            }
        });
        found.sort(Comparator.comparingInt((Condition c) -> c.end() - c.start()).reversed());
        List<Condition> kept = new ArrayList<>();
        for (Condition c : found) {
            if (kept.stream().noneMatch(k -> c.start() < k.end() && k.start() < c.end())) {
                kept.add(c);
            }
        }
        kept.sort(Comparator.comparingInt(Condition::start));
        return kept;
    }
}

package org.parley.enrich.stance;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.parley.enrich.text.RuleFiles;
import org.parley.avro.Stance;

/**
 * The cue lists that decide a stance, loaded from {@code parley/enrich/stance-lexicon.yaml}
 * (or a user's file of the same shape) and compiled once.
 */
public final class StanceLexicon {

    record File(Integer negationWindow, List<String> topic, List<String> open,
                List<String> closed, List<String> dismissal, List<String> closed_self, List<String> conditional,
                List<String> negators) {
    }

    /** One compiled cue with the phrase that names it in {@code cues}. */
    public record Cue(String name, Pattern pattern) {
    }

    /**
     * A cue list compiled for one pass over a statement: the cues, longest first, grouped by the
     * letter they can start with, each group one alternation tried at word starts.
     */
    public record CueSet(org.parley.enrich.text.WordScan.Buckets buckets) {

        static CueSet of(List<Cue> cues) {
            List<String> phrases = cues.stream()
                    .sorted(java.util.Comparator.comparingInt((Cue c) -> c.name().length()).reversed())
                    .map(c -> "(?:" + nonCapturing(c.name()) + ")").toList();
            return new CueSet(new org.parley.enrich.text.WordScan.Buckets(phrases, alternation -> Pattern.compile(
                    "(?<![\\p{L}])(?:" + alternation + ")(?![\\p{L}])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
        }

        /** Turns the cue's own groups into non-capturing ones: recording groups costs time and nothing reads them. */
        private static String nonCapturing(String regex) {
            StringBuilder out = new StringBuilder(regex.length() + 8);
            for (int i = 0; i < regex.length(); i++) {
                char c = regex.charAt(i);
                if (c == '\\' && i + 1 < regex.length()) {
                    out.append(c).append(regex.charAt(++i));
                } else if (c == '(' && (i + 1 >= regex.length() || regex.charAt(i + 1) != '?')) {
                    out.append("(?:");
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }

    final int negationWindow;
    final CueSet topic;
    final CueSet open;
    final CueSet closed;
    final CueSet dismissal;
    final CueSet closedSelf;
    final CueSet conditional;
    final Pattern negator;

    private StanceLexicon(File f, String origin) {
        this.negationWindow = f.negationWindow() == null ? 4 : f.negationWindow();
        this.topic = CueSet.of(compile(f.topic(), origin, "topic"));
        this.open = CueSet.of(compile(f.open(), origin, "open"));
        this.closed = CueSet.of(compile(f.closed(), origin, "closed"));
        this.dismissal = CueSet.of(compile(f.dismissal(), origin, "dismissal"));
        this.closedSelf = CueSet.of(compile(f.closed_self(), origin, "closed_self"));
        this.conditional = CueSet.of(compile(f.conditional(), origin, "conditional"));
        List<String> negs = f.negators() == null ? List.of() : f.negators();
        this.negator = Pattern.compile("(?i)(?:\\b(?:" + String.join("|", negs.stream().filter(n -> !n.startsWith("n'"))
                .map(Pattern::quote).toList()) + ")\\b|n['’]t\\b)");
    }

    public static StanceLexicon bundled() {
        return new StanceLexicon(RuleFiles.bundled("parley/enrich/stance-lexicon.yaml", File.class), "parley/enrich/stance-lexicon.yaml");
    }

    public static StanceLexicon load(InputStream in, String origin) {
        return new StanceLexicon(RuleFiles.read(in, origin, File.class), origin);
    }

    private static List<Cue> compile(List<String> entries, String origin, String list) {
        List<Cue> out = new ArrayList<>();
        for (String e : entries == null ? List.<String>of() : entries) {
            try {
                out.add(new Cue(e, Pattern.compile("(?<![\\p{L}])(?:" + e + ")(?![\\p{L}])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
            } catch (PatternSyntaxException ex) {
                throw new IllegalArgumentException(origin + ": invalid pattern in " + list + ": " + e + " (" + ex.getDescription() + ")", ex);
            }
        }
        return List.copyOf(out);
    }
}

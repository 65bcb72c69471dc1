package org.parley.enrich.stance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.avro.Stance;
import org.parley.enrich.stance.StanceLexicon.CueSet;
import org.parley.enrich.text.WordScan;

/**
 * Decides a statement's stance on talks from cue phrases: a topic gate (the statement, or the
 * statements just before it in the article, must be about talks, a ceasefire, a settlement or
 * mediation), readiness and refusal cues with negation flipping their polarity, and conditions
 * that turn readiness into CONDITIONAL. Where a sentence both refuses and offers, the later
 * clause (what the party will do) decides.
 */
public final class StanceClassifier {

    private final StanceLexicon lexicon;

    public StanceClassifier(StanceLexicon lexicon) {
        this.lexicon = lexicon;
    }

    private record Hit(String role, String phrase, int start, int end, boolean positive) {
    }

    /**
     * Clauses whose cues report something other than the party's own stance: hypotheticals ("if
     * Russia were to reject the proposal"), accusations ("accused Kyiv of being unwilling"),
     * relative clauses ("proposals, which Ukraine has rejected"). Their cues decide only when the
     * statement has no other.
     */
    private static final Pattern SECONDARY = Pattern.compile(
            "(?i)(?<![\\p{L}])(?:if|unless|whether|accus\\w*|blam\\w*|were (?:we|they|i|he|she|it) to)\\b[^,.;:—“”\"]*"
                    + "|,\\s*(?:which|who|whom|whose)\\b[^,.;]*");

    private static final Pattern NO_CONDITION = Pattern.compile("(?i)(?<![\\p{L}])(?:without|no|free of)\\s+(?:any\\s+)?$");

    /** Classifies a statement on its own. */
    public StanceDecision classify(String text) {
        return classify(text, false);
    }

    /**
     * Classifies a statement.
     *
     * @param topicInContext whether the statements just before it are about talks, so that
     *                       "Let them resume" or "He demands neutrality" need no topic word of their own
     */
    public StanceDecision classify(String text, boolean topicInContext) {
        List<String> cues = new ArrayList<>();
        int[] words = wordStarts(text);
        Hit topic = first(lexicon.topic, text, words);
        List<Hit> polar = new ArrayList<>();
        collect(lexicon.closedSelf, text, words, "closed", false, polar, false);
        boolean selfTopical = !polar.isEmpty();
        boolean topical = topic != null || selfTopical;
        if (!topical && !topicInContext) {
            return StanceDecision.none(cues, false);
        }
        if (topic != null) {
            cues.add("topic:" + topic.phrase());
        } else if (!selfTopical) {
            cues.add("topic:from-context");
        }
        collect(lexicon.open, text, words, "open", true, polar, true);
        collect(lexicon.closed, text, words, "closed", false, polar, true);
        collect(lexicon.dismissal, text, words, "dismissal", false, polar, false);
        removeNested(polar);
        List<Hit> secondary = new ArrayList<>();
        List<int[]> hypotheticals = new ArrayList<>();
        Matcher sec = SECONDARY.matcher(text);
        while (sec.find()) {
            boolean any = false;
            for (Hit h : polar) {
                if (h.start() >= sec.start() && h.end() <= sec.end()) {
                    secondary.add(h);
                    any = true;
                }
            }
            if (any) {
                hypotheticals.add(new int[] {sec.start(), sec.end()});
            }
        }
        if (!secondary.isEmpty() && (secondary.size() < polar.size() || conditionOutside(text, words, hypotheticals))) {
            polar.removeAll(secondary);
            cues.add("rule:reported-clause-set-aside");
        }
        List<Hit> conditions = new ArrayList<>();
        for (int[] cm : scan(lexicon.conditional, text, words)) {
            int start = cm[0];
            int end = cm[1];
            // "create conditions for talks" is readiness, and "if Russia were to reject" a hypothetical
            // about another party: neither is a condition the holder sets.
            boolean insidePolar = polar.stream().anyMatch(h -> start >= h.start() && end <= h.end());
            boolean openingHypothetical = hypotheticals.stream().anyMatch(r -> start == r[0]);
            // "talks without any preconditions": a condition ruled out is readiness, not a condition.
            boolean ruledOut = NO_CONDITION.matcher(text).region(Math.max(0, start - 16), start).find();
            if (!insidePolar && !openingHypothetical && !ruledOut) {
                conditions.add(new Hit("condition", text.substring(start, end), start, end, true));
            }
        }
        if (polar.isEmpty()) {
            if (conditions.isEmpty()) {
                return StanceDecision.none(cues, topical);
            }
            Hit c = conditions.get(0);
            cues.add("condition:" + c.phrase());
            cues.add("rule:terms-without-readiness");
            return decision(Stance.CONDITIONAL, cues, c.start(), topical);
        }
        polar.sort(Comparator.comparingInt(Hit::start));
        boolean anyOpen = false;
        boolean anyClosed = false;
        for (Hit h : polar) {
            anyOpen |= h.positive();
            anyClosed |= !h.positive();
            cues.add(h.role() + ":" + h.phrase());
        }
        Hit last = polar.get(polar.size() - 1);
        if (anyOpen && anyClosed) {
            cues.add("rule:later-clause-decides");
        }
        boolean open = anyOpen && (!anyClosed || last.positive());
        if (anyOpen && !open) {
            // Readiness, then a limit ("open to discussions but will not accept a deal that..."): conditional.
            Hit firstOpen = polar.stream().filter(Hit::positive).findFirst().orElseThrow();
            cues.add("rule:readiness-with-limit");
            return decision(Stance.CONDITIONAL, cues, firstOpen.start(), topical);
        }
        if (open) {
            // The first readiness cue names whose readiness it is; after a refusal, the last one does.
            Hit anchor = null;
            for (Hit h : polar) {
                if (h.positive() && (anchor == null || anyClosed)) {
                    anchor = h;
                }
            }
            if (!conditions.isEmpty()) {
                conditions.forEach(c -> cues.add("condition:" + c.phrase()));
                return decision(Stance.CONDITIONAL, cues, anchor.start(), topical);
            }
            return decision(Stance.OPEN, cues, anchor.start(), topical);
        }
        Hit anchor = polar.stream().filter(h -> !h.positive()).findFirst().orElseThrow();
        return decision(Stance.CLOSED, cues, anchor.start(), topical);
    }

    private static List<int[]> scan(CueSet cues, String text, int[] wordStarts) {
        return WordScan.scan(cues.buckets(), text, wordStarts);
    }

    private static int[] wordStarts(String text) {
        return WordScan.wordStarts(text);
    }

    private StanceDecision decision(Stance stance, List<String> cues, int anchor, boolean topical) {
        // "Armenia must amend its constitution": an obligation laid on a party is the speaker's term;
        // "Hamas is demanding ..." names its own holder and is left to the subject rule.
        boolean own = (cues.contains("rule:terms-without-readiness")
                && cues.stream().anyMatch(c -> c.toLowerCase(java.util.Locale.ROOT).matches("condition:(?:must|should)\\b.*")))
                || (stance == Stance.CLOSED && cues.stream().anyMatch(c -> c.startsWith("dismissal:")));
        return new StanceDecision(stance, null, List.copyOf(cues), anchor, topical, own);
    }

    /** Whether a condition cue lies outside the set-aside clauses ("..., which Ukraine rejected, likening them to demands"). */
    private boolean conditionOutside(String text, int[] words, List<int[]> clauses) {
        for (int[] cm : scan(lexicon.conditional, text, words)) {
            if (clauses.stream().noneMatch(r -> cm[0] >= r[0] && cm[0] < r[1])) {
                return true;
            }
        }
        return false;
    }

    private static Hit first(CueSet cues, String text, int[] words) {
        List<int[]> hits = scan(cues, text, words);
        return hits.isEmpty() ? null : new Hit("topic", text.substring(hits.get(0)[0], hits.get(0)[1]), hits.get(0)[0], hits.get(0)[1], true);
    }

    private void collect(CueSet cues, String text, int[] words, String role, boolean positive, List<Hit> out, boolean negatable) {
        for (int[] h : scan(cues, text, words)) {
            String phrase = text.substring(h[0], h[1]);
            boolean negated = negatable && negatedBefore(text, h[0]) && !startsWithNegator(phrase);
            if (negated) {
                out.add(new Hit("negated-" + role, phrase, h[0], h[1], !positive));
            } else {
                out.add(new Hit(role, phrase, h[0], h[1], positive));
            }
        }
    }

    private boolean startsWithNegator(String phrase) {
        Matcher m = lexicon.negator.matcher(phrase);
        return m.find() && m.start() == 0;
    }

    /** A negator within the window of words before the cue, in the same clause. */
    private boolean negatedBefore(String text, int cueStart) {
        int words = 0;
        int i = cueStart;
        int windowStart = cueStart;
        while (i > 0 && words < lexicon.negationWindow) {
            i--;
            char c = text.charAt(i);
            if (c == ',' || c == ';' || c == ':' || c == '.' || c == '—') {
                break;
            }
            if (Character.isWhitespace(c) && i + 1 < cueStart && !Character.isWhitespace(text.charAt(i + 1))) {
                words++;
            }
            windowStart = i;
        }
        return windowStart < cueStart && lexicon.negator.matcher(text).region(windowStart, cueStart).find();
    }

    /** Where one cue lies inside another ("offered to" in "offered to mediate"), keep the longer. */
    private static void removeNested(List<Hit> hits) {
        hits.sort(Comparator.comparingInt((Hit h) -> h.end() - h.start()).reversed());
        List<Hit> kept = new ArrayList<>();
        for (Hit h : hits) {
            boolean inside = false;
            for (Hit k : kept) {
                if (h.start() >= k.start() && h.end() <= k.end()) {
                    inside = true;
                    break;
                }
            }
            if (!inside) {
                kept.add(h);
            }
        }
        hits.clear();
        hits.addAll(kept);
    }
}

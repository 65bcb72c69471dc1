package org.parley.enrich.stance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import org.parley.avro.Stance;
import org.parley.enrich.stance.StanceLexicon.Cue;

/**
 * Decides a statement's stance on talks from cue phrases: a topic gate (the statement must be
 * about talks, a ceasefire, a settlement or mediation), readiness and refusal cues with negation
 * flipping their polarity, and conditions that turn readiness into CONDITIONAL. Where a sentence
 * both refuses and offers, the later clause (what the party will do) decides.
 */
public final class StanceClassifier {

    private final StanceLexicon lexicon;

    public StanceClassifier(StanceLexicon lexicon) {
        this.lexicon = lexicon;
    }

    private record Hit(String role, String phrase, int start, int end, boolean positive) {
    }

    public StanceDecision classify(String text) {
        List<String> cues = new ArrayList<>();
        Hit topic = first(lexicon.topic, text);
        List<Hit> polar = new ArrayList<>();
        for (Cue c : lexicon.closedSelf) {
            collect(c, text, "closed", false, polar, false);
        }
        boolean selfTopical = !polar.isEmpty();
        if (topic == null && !selfTopical) {
            return StanceDecision.none(cues);
        }
        if (topic != null) {
            cues.add("topic:" + topic.phrase());
        }
        for (Cue c : lexicon.open) {
            collect(c, text, "open", true, polar, true);
        }
        for (Cue c : lexicon.closed) {
            collect(c, text, "closed", false, polar, true);
        }
        removeNested(polar);
        List<Hit> conditions = new ArrayList<>();
        for (Cue c : lexicon.conditional) {
            Matcher m = c.pattern().matcher(text);
            if (m.find()) {
                conditions.add(new Hit("condition", m.group(), m.start(), m.end(), true));
            }
        }
        if (polar.isEmpty()) {
            if (conditions.isEmpty() || topic == null) {
                return StanceDecision.none(cues);
            }
            Hit c = conditions.stream().min(Comparator.comparingInt(Hit::start)).orElseThrow();
            cues.add("condition:" + c.phrase());
            cues.add("rule:terms-without-readiness");
            return decision(Stance.CONDITIONAL, cues, c.start());
        }
        polar.sort(Comparator.comparingInt(Hit::start));
        boolean anyOpen = polar.stream().anyMatch(Hit::positive);
        boolean anyClosed = polar.stream().anyMatch(h -> !h.positive());
        for (Hit h : polar) {
            cues.add(h.role() + ":" + h.phrase());
        }
        Hit last = polar.get(polar.size() - 1);
        if (anyOpen && anyClosed) {
            cues.add("rule:later-clause-decides");
        }
        boolean open = anyOpen && (!anyClosed || last.positive());
        if (open) {
            Hit anchor = polar.stream().filter(Hit::positive).reduce((a, b) -> b).orElseThrow();
            if (!conditions.isEmpty()) {
                conditions.forEach(c -> cues.add("condition:" + c.phrase()));
                return decision(Stance.CONDITIONAL, cues, anchor.start());
            }
            return decision(Stance.OPEN, cues, anchor.start());
        }
        Hit anchor = polar.stream().filter(h -> !h.positive()).findFirst().orElseThrow();
        return decision(Stance.CLOSED, cues, anchor.start());
    }

    private StanceDecision decision(Stance stance, List<String> cues, int anchor) {
        return new StanceDecision(stance, lexicon.score(stance), List.copyOf(cues), anchor);
    }

    private static Hit first(List<Cue> cues, String text) {
        Hit best = null;
        for (Cue c : cues) {
            Matcher m = c.pattern().matcher(text);
            if (m.find() && (best == null || m.start() < best.start())) {
                best = new Hit("topic", m.group(), m.start(), m.end(), true);
            }
        }
        return best;
    }

    private void collect(Cue cue, String text, String role, boolean positive, List<Hit> out, boolean negatable) {
        Matcher m = cue.pattern().matcher(text);
        while (m.find()) {
            boolean negated = negatable && negatedBefore(text, m.start()) && !startsWithNegator(m.group());
            if (negated) {
                out.add(new Hit("negated-" + role, m.group(), m.start(), m.end(), !positive));
            } else {
                out.add(new Hit(role, m.group(), m.start(), m.end(), positive));
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
        Matcher m = lexicon.negator.matcher(text.substring(windowStart, cueStart));
        return m.find();
    }

    /** Where one cue lies inside another ("offered to" in "offered to mediate"), keep the longer. */
    private static void removeNested(List<Hit> hits) {
        hits.sort(Comparator.comparingInt((Hit h) -> h.end() - h.start()).reversed());
        List<Hit> kept = new ArrayList<>();
        for (Hit h : hits) {
            boolean inside = kept.stream().anyMatch(k -> h.start() >= k.start() && h.end() <= k.end());
            if (!inside) {
                kept.add(h);
            }
        }
        hits.clear();
        hits.addAll(kept);
    }
}

package org.parley.enrich.model;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the stance head reads about one statement: the sentence encoder's vector, the rules' own
 * findings as indicator features, and (optionally) hashed word unigrams and bigrams. Feature
 * indices are fixed: 1-384 the encoder, 401-449 the rule flags, 1001 onwards the hashed words.
 */
public final class StanceFeatures {

    /** What the rules found in the statement and its context. */
    public enum Flag {
        RULES_OPEN, RULES_CONDITIONAL, RULES_CLOSED, RULES_NONE,
        TOPIC_OWN, TOPIC_IN_CONTEXT, SPEAKER_NAMED, SPEAKER_HAS_PARTY, PARTY_NAMED,
        CUE_OPEN, CUE_CLOSED, CUE_NEGATED, CUE_CONDITION, CUE_DISMISSAL,
        SET_ASIDE_CLAUSE, READINESS_WITH_LIMIT, TERMS_WITHOUT_READINESS, SPEAKERS_OWN,
        DIRECT_QUOTE, REPORTED_SPEECH
    }

    private static final int RULE_BASE = 400;
    private static final int WORD_BASE = 1000;

    private StanceFeatures() {
    }

    /** The rule flags that the rules' cue list shows ("open:ready", "negated-open:...", "rule:..."). */
    public static Set<Flag> fromCues(List<String> cues) {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        for (String c : cues) {
            if (c.startsWith("topic:from-context")) {
                flags.add(Flag.TOPIC_IN_CONTEXT);
            } else if (c.startsWith("topic:")) {
                flags.add(Flag.TOPIC_OWN);
            } else if (c.startsWith("negated-")) {
                flags.add(Flag.CUE_NEGATED);
            } else if (c.startsWith("open:")) {
                flags.add(Flag.CUE_OPEN);
            } else if (c.startsWith("closed:")) {
                flags.add(Flag.CUE_CLOSED);
            } else if (c.startsWith("condition:")) {
                flags.add(Flag.CUE_CONDITION);
            } else if (c.startsWith("dismissal:")) {
                flags.add(Flag.CUE_DISMISSAL);
            } else if (c.equals("rule:reported-clause-set-aside")) {
                flags.add(Flag.SET_ASIDE_CLAUSE);
            } else if (c.equals("rule:readiness-with-limit")) {
                flags.add(Flag.READINESS_WITH_LIMIT);
            } else if (c.equals("rule:terms-without-readiness")) {
                flags.add(Flag.TERMS_WITHOUT_READINESS);
            }
        }
        return flags;
    }

    /**
     * The feature vector, indices ascending as liblinear requires.
     *
     * @param wordBuckets how many hash buckets the words go into; 0 for none
     */
    public static Feature[] of(float[] embedding, Set<Flag> flags, String text, int wordBuckets) {
        List<Feature> f = new ArrayList<>(embedding.length + flags.size() + 64);
        for (int i = 0; i < embedding.length; i++) {
            f.add(new FeatureNode(i + 1, embedding[i]));
        }
        for (Flag flag : flags) {
            f.add(new FeatureNode(RULE_BASE + 1 + flag.ordinal(), 1.0));
        }
        if (wordBuckets > 0) {
            int[] buckets = wordBuckets(text, wordBuckets);
            double weight = buckets.length == 0 ? 0 : 1 / Math.sqrt(buckets.length);
            int last = -1;
            int count = 0;
            for (int b : buckets) {
                if (b != last && last >= 0) {
                    f.add(new FeatureNode(WORD_BASE + 1 + last, count * weight));
                    count = 0;
                }
                last = b;
                count++;
            }
            if (last >= 0) {
                f.add(new FeatureNode(WORD_BASE + 1 + last, count * weight));
            }
        }
        return f.toArray(Feature[]::new);
    }

    /** The highest feature index a vector of this shape can have. */
    public static int dimensions(int wordBuckets) {
        return WORD_BASE + wordBuckets;
    }

    /** Lower-cased words and word pairs, hashed and sorted. */
    static int[] wordBuckets(String text, int buckets) {
        String[] words = text.toLowerCase(Locale.ROOT).replace('’', '\'').split("[^\\p{L}\\p{N}']+");
        int[] out = new int[words.length * 2];
        int n = 0;
        String prev = null;
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            out[n++] = Math.floorMod(w.hashCode() * 0x9E3779B1, buckets);
            if (prev != null) {
                out[n++] = Math.floorMod((prev + ' ' + w).hashCode() * 0x9E3779B1, buckets);
            }
            prev = w;
        }
        int[] used = Arrays.copyOf(out, n);
        Arrays.sort(used);
        return used;
    }
}

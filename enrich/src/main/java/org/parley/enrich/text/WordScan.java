package org.parley.enrich.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches a phrase pattern at word starts only. Every cue and name Parley looks for begins a
 * word, so trying a large alternation at the few word starts of a statement, rather than at every
 * character as {@link Matcher#find()} does, finds the same matches in a fraction of the time.
 */
public final class WordScan {

    private WordScan() {
    }

    /** Offsets where a word (a run of letters) starts. */
    public static int[] wordStarts(String text) {
        int[] starts = new int[Math.max(4, text.length() / 4)];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isLetter(text.charAt(i)) && (i == 0 || !Character.isLetter(text.charAt(i - 1)))) {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i;
            }
        }
        return Arrays.copyOf(starts, n);
    }

    /**
     * The matches {@link Matcher#find()} would give, for a pattern whose matches can only start at
     * a word start (it begins with a letter and a lookbehind that no letter precedes it), found by
     * trying it at the word starts only, with the text before each visible to the lookbehind.
     */
    public static List<java.util.regex.MatchResult> findAtWordStarts(Pattern pattern, String text, int[] wordStarts) {
        List<java.util.regex.MatchResult> out = new ArrayList<>(2);
        Matcher m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int next = 0;
        for (int start : wordStarts) {
            if (start < next) {
                continue;
            }
            m.region(start, text.length());
            if (m.lookingAt()) {
                out.add(m.toMatchResult());
                next = m.end();
            }
        }
        return out;
    }

    /** Matches of the pattern starting at word starts, left to right, not overlapping, as {start, end}. */
    public static List<int[]> scan(Pattern pattern, String text, int[] wordStarts) {
        return scan(c -> pattern, text, wordStarts);
    }

    /**
     * The same with a pattern chosen by the first letter of each word, so that only the
     * alternatives that can start with that letter are tried ({@link Buckets}).
     */
    public static List<int[]> scan(java.util.function.IntFunction<Pattern> byFirstLetter, String text, int[] wordStarts) {
        List<int[]> out = new ArrayList<>(2);
        int next = 0;
        Pattern current = null;
        Matcher m = null;
        Buckets buckets = byFirstLetter instanceof Buckets b ? b : null;
        for (int start : wordStarts) {
            if (start < next || (buckets != null && !buckets.mayStartAt(text, start))) {
                continue;
            }
            Pattern p = byFirstLetter.apply(Character.toLowerCase(text.charAt(start)));
            if (p == null) {
                continue;
            }
            if (p != current) {
                current = p;
                m = p.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            }
            m.region(start, text.length());
            if (m.lookingAt()) {
                out.add(new int[] {m.start(), m.end()});
                next = m.end();
            }
        }
        return out;
    }

    /**
     * Phrase patterns grouped by the letter they can start with. A phrase whose first letter
     * cannot be read off its pattern goes into every group. Where the first two letters of every
     * phrase of a group can be read off, a word whose first two letters start none of them is
     * passed over without running the group's pattern.
     */
    public static final class Buckets implements java.util.function.IntFunction<Pattern> {

        private final Pattern[] byLetter = new Pattern[128];
        private final Pattern other;
        /** Per first letter: whether the second letter is checked ({@link #pairs}) before the pattern runs. */
        private final boolean[] pairChecked = new boolean[128];
        /** The first two letters (ASCII, lower case) that some phrase starts with, as first * 128 + second. */
        private final boolean[] pairs = new boolean[128 * 128];

        /**
         * @param phrases regular expressions, each matching a phrase that starts a word
         * @param wrap    turns an alternation of phrases into the full pattern (adds boundaries)
         */
        public Buckets(List<String> phrases, java.util.function.Function<String, Pattern> wrap) {
            java.util.Map<Character, List<String>> groups = new java.util.TreeMap<>();
            List<String> anywhere = new ArrayList<>();
            java.util.Set<Character> anySecond = new java.util.HashSet<>();
            for (String p : phrases) {
                java.util.Set<String> starts = new java.util.TreeSet<>();
                if (starts(p, "", 2, starts)) {
                    for (String st : starts) {
                        char c = st.charAt(0);
                        List<String> g = groups.computeIfAbsent(c, k -> new ArrayList<>());
                        if (!g.contains(p)) {
                            g.add(p);
                        }
                        if (st.length() == 1 || st.charAt(1) >= 128) {
                            anySecond.add(c);
                        } else if (c < 128) {
                            pairs[c * 128 + st.charAt(1)] = true;
                        }
                    }
                } else {
                    anywhere.add(p);
                }
            }
            for (char c : groups.keySet()) {
                if (c < 128) {
                    pairChecked[c] = anywhere.isEmpty() && !anySecond.contains(c);
                }
            }
            for (var g : groups.entrySet()) {
                List<String> all = new ArrayList<>(g.getValue());
                all.addAll(anywhere);
                char c = g.getKey();
                if (c < 128) {
                    byLetter[c] = wrap.apply(String.join("|", all));
                }
            }
            this.other = anywhere.isEmpty() ? null : wrap.apply(String.join("|", anywhere));
            for (int c = 0; c < 128; c++) {
                if (byLetter[c] == null) {
                    byLetter[c] = other;
                }
            }
        }

        /**
         * Whether some phrase may start at this word start, as far as its first two letters tell;
         * a false answer is certain, a true one is for the pattern to confirm.
         */
        boolean mayStartAt(String text, int start) {
            char c = Character.toLowerCase(text.charAt(start));
            if (c >= 128 || !pairChecked[c]) {
                return true;
            }
            if (start + 1 >= text.length()) {
                return false;
            }
            char d = Character.toLowerCase(text.charAt(start + 1));
            return d >= 128 || pairs[c * 128 + d];
        }

        @Override
        public Pattern apply(int lowerCaseLetter) {
            return lowerCaseLetter < 128 ? byLetter[lowerCaseLetter] : other;
        }

        /**
         * Adds the lower-case letters, up to {@code k} of them, that every match of a pattern
         * (after {@code prefix}) starts with, one string per way it can start; a string shorter
         * than {@code prefix.length() + k} means any letters may follow. False when not even the
         * first letter can be told.
         */
        static boolean starts(String regex, String prefix, int k, java.util.Set<String> out) {
            if (prefix.length() == k || regex.isEmpty()) {
                return stop(prefix, out);
            }
            char c = regex.charAt(0);
            if (Character.isLetter(c) && c < 128) {
                if (regex.length() > 1 && "?*{".indexOf(regex.charAt(1)) >= 0) {
                    return stop(prefix, out);
                }
                String longer = prefix + Character.toLowerCase(c);
                return regex.length() > 1 && regex.charAt(1) == '+' ? stop(longer, out) : starts(regex.substring(1), longer, k, out);
            }
            if (regex.startsWith("(?<!") || regex.startsWith("(?<=")) {
                int close = matchingParen(regex);
                return close > 0 ? starts(regex.substring(close + 1), prefix, k, out) : stop(prefix, out);
            }
            if (regex.startsWith("(?:") || (c == '(' && regex.length() > 1 && regex.charAt(1) != '?')) {
                int open = regex.charAt(1) == '?' ? 3 : 1;
                int close = matchingParen(regex);
                if (close < 0 || (close + 1 < regex.length() && "?*{+".indexOf(regex.charAt(close + 1)) >= 0)) {
                    return stop(prefix, out);
                }
                java.util.Set<String> found = new java.util.TreeSet<>();
                for (String alt : alternatives(regex.substring(open, close))) {
                    if (!starts(alt + regex.substring(close + 1), prefix, k, found)) {
                        return stop(prefix, out);
                    }
                }
                out.addAll(found);
                return true;
            }
            return stop(prefix, out);
        }

        private static boolean stop(String prefix, java.util.Set<String> out) {
            if (prefix.isEmpty()) {
                return false;
            }
            out.add(prefix);
            return true;
        }

        private static int matchingParen(String s) {
            int depth = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return i;
                }
            }
            return -1;
        }

        private static List<String> alternatives(String s) {
            List<String> out = new ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == '|' && depth == 0) {
                    out.add(s.substring(start, i));
                    start = i + 1;
                }
            }
            out.add(s.substring(start));
            return out;
        }
    }
}

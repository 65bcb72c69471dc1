package org.parley.enrich.actors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the longest dictionary names in a text in one pass over its tokens: a trie keyed by
 * tokens (runs of letters and digits, with inner dots kept: "U.S"; an apostrophe inside a name
 * too, "Sa'ar", "N'Djamena", written either way, but not a possessive's, "Russia's"; a hyphen
 * joins two tokens of a name, "al-Burhan", and separates the parts of a compound, "Russia-Ukraine").
 * Matching is case-sensitive, on whole tokens only, so "Putin" does not match in "Putinism".
 */
final class Gazetteer<V> {

    record Match<V>(int start, int end, V value) {
    }

    private static final class Node<V> {
        final Map<String, Node<V>> next = new HashMap<>(4);
        V value;
    }

    private final Node<V> root = new Node<>();

    Gazetteer(Map<String, V> names) {
        names.forEach((name, value) -> {
            Node<V> n = root;
            for (int[] t : tokens(name)) {
                n = n.next.computeIfAbsent(key(name, t), k -> new Node<>());
            }
            if (n != root) {
                n.value = value;
            }
        });
    }

    /** Longest matches, left to right, not overlapping. */
    List<Match<V>> find(String text) {
        List<int[]> toks = tokens(text);
        List<Match<V>> out = new ArrayList<>();
        for (int i = 0; i < toks.size(); i++) {
            Node<V> n = root;
            int bestEnd = -1;
            V best = null;
            for (int j = i; j < toks.size(); j++) {
                int[] t = toks.get(j);
                if (j > i && !onlySpaceBetween(text, toks.get(j - 1)[1], t[0])) {
                    break;
                }
                n = n.next.get(key(text, t));
                if (n == null) {
                    break;
                }
                if (n.value != null) {
                    best = n.value;
                    bestEnd = j;
                }
            }
            if (best != null) {
                int end = toks.get(bestEnd)[1];
                // A dotted abbreviation keeps its final dot: "U.S." as written.
                if (end < text.length() && text.charAt(end) == '.' && text.substring(toks.get(i)[0], end).contains(".")) {
                    end++;
                }
                out.add(new Match<>(toks.get(i)[0], end, best));
                i = bestEnd;
            }
        }
        return out;
    }

    boolean containsAny(String text) {
        for (int[] t : tokens(text)) {
            if (root.next.containsKey(key(text, t))) {
                return true;
            }
        }
        return false;
    }

    /** A token as the trie keys it: a typographic apostrophe is the plain one. */
    private static String key(String s, int[] t) {
        return s.substring(t[0], t[1]).replace('\u2019', '\'');
    }

    private static boolean onlySpaceBetween(String text, int from, int to) {
        if (to - from == 1 && text.charAt(from) == '-') {
            return true; // "al-Burhan" is two tokens joined by a hyphen
        }
        for (int k = from; k < to; k++) {
            if (text.charAt(k) != ' ' && text.charAt(k) != '\u00a0') {
                return false;
            }
        }
        return to - from >= 1;
    }

    /** Whether the apostrophe at i ends a word as "'s" or "'" does ("Russia's", "Hamas' leaders"). */
    private static boolean possessive(String s, int i) {
        return (s.charAt(i + 1) == 's' || s.charAt(i + 1) == 'S') && (i + 2 >= s.length() || !Character.isLetterOrDigit(s.charAt(i + 2)));
    }

    /** Token spans: letters and digits, with '.' and a name's apostrophe kept between two of them. */
    static List<int[]> tokens(String s) {
        List<int[]> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n) {
                char c = s.charAt(i);
                if (Character.isLetterOrDigit(c)) {
                    i++;
                } else if (c == '.' && i + 1 < n && Character.isLetterOrDigit(s.charAt(i + 1))) {
                    i++;
                } else if ((c == '\'' || c == '\u2019') && i + 1 < n && Character.isLetter(s.charAt(i + 1)) && !possessive(s, i)) {
                    i++;
                } else {
                    break;
                }
            }
            out.add(new int[] {start, i});
        }
        return out;
    }
}

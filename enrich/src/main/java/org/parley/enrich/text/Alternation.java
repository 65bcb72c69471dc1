package org.parley.enrich.text;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A regular expression for "any of these words", written as a trie: {@code Russia(?:ns?)?|Ukrain…}
 * rather than {@code Russians|Russian|Russia|Ukrainian…}. Java's regex engine tries the branches of
 * an alternation one by one, so a dictionary of hundreds of words costs hundreds of attempts at
 * every position; the trie costs one step a character.
 *
 * <p>It matches what the flat alternation with the longest words first matches, and prefers the
 * same match: the words that can match at one place are prefixes of each other, and the trie tries
 * the longer continuation before stopping, as the flat alternation tries the longer word first.
 */
public final class Alternation {

    private Alternation() {
    }

    /** The words as a trie, for a case-sensitive pattern. */
    public static String of(Collection<String> words) {
        return of(words, false);
    }

    /**
     * The words as a trie.
     *
     * @param asciiCaseInsensitive whether the result goes inside {@code (?i:...)} (ASCII letters
     *                             compared regardless of case, as Java does without
     *                             {@code UNICODE_CASE}): the trie is then built on the words with
     *                             their ASCII letters in lower case, so that words that differ only
     *                             in case share a branch and longer ones still come first
     */
    public static String of(Collection<String> words, boolean asciiCaseInsensitive) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no words to match");
        }
        Node root = new Node();
        for (String w : words) {
            if (w.isEmpty()) {
                throw new IllegalArgumentException("an empty word matches everywhere");
            }
            root.add(asciiCaseInsensitive ? asciiLower(w) : w);
        }
        StringBuilder out = new StringBuilder();
        root.write(out);
        return out.toString();
    }

    private static String asciiLower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return b.toString();
    }

    private static final class Node {
        private final Map<Character, Node> children = new TreeMap<>();
        private boolean end;

        void add(String word) {
            Node n = this;
            for (int i = 0; i < word.length(); i++) {
                n = n.children.computeIfAbsent(word.charAt(i), c -> new Node());
            }
            n.end = true;
        }

        /** The alternatives below this node, the word ending here (if one does) last. */
        void write(StringBuilder out) {
            var branches = List.copyOf(children.entrySet()); // a TreeMap: in character order
            boolean group = branches.size() > 1 || (end && !branches.isEmpty());
            if (branches.isEmpty()) {
                return;
            }
            if (end && branches.size() == 1 && branches.get(0).getValue().children.isEmpty()) {
                appendLiteral(out, branches.get(0).getKey());
                out.append('?'); // one more character, or the word that ends here
                return;
            }
            if (group) {
                out.append("(?:");
            }
            for (int i = 0; i < branches.size(); i++) {
                if (i > 0) {
                    out.append('|');
                }
                appendLiteral(out, branches.get(i).getKey());
                branches.get(i).getValue().write(out);
            }
            if (group) {
                out.append(')');
                if (end) {
                    out.append('?'); // greedy: the longer word first, then the word that ends here
                }
            }
        }

        private static void appendLiteral(StringBuilder out, char c) {
            if (c < 128 && !Character.isLetterOrDigit(c)) {
                out.append('\\'); // literal, even a space in a (?x) pattern
            }
            out.append(c);
        }
    }
}

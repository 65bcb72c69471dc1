package org.parley.ingest.split;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.parley.avro.StatementKind;

/**
 * Splits news text into statements: sentences, except that a quotation running over several
 * sentences stays one statement. Paragraphs are lines (or blank-line separated blocks); a
 * statement never crosses one. Knows abbreviations (Mr., Gen., Jan., U.S.), initials, decimals,
 * curly and straight quotes, ellipses and closing quotes after the full stop.
 *
 * <p>Lexicons are read from {@code parley/ingest/*.txt}; one instance is immutable and thread-safe.
 */
public final class StatementSplitter {

    private static final String OPEN_QUOTES = "“„«";
    private static final String CLOSE_QUOTES = "”»";
    private static final String CLOSERS = "”\"’')]»";

    private final Set<String> abbreviations;
    private final Set<String> sentenceStarters;
    private final Pattern speechVerbs;

    public StatementSplitter() {
        this.abbreviations = Set.copyOf(readLexicon("parley/ingest/abbreviations.txt"));
        this.sentenceStarters = Set.copyOf(readLexicon("parley/ingest/sentence-starters.txt"));
        List<String> verbs = readLexicon("parley/ingest/speech-verbs.txt");
        this.speechVerbs = Pattern.compile("\\b(" + String.join("|", verbs.stream().map(Pattern::quote).toList()) + ")\\b",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** Splits a whole text; offsets are UTF-16 offsets into {@code text}. */
    public List<Sentence> split(String text) {
        List<Sentence> out = new ArrayList<>();
        int paragraph = 0;
        int pos = 0;
        int n = text.length();
        while (pos < n) {
            int eol = text.indexOf('\n', pos);
            int end = eol < 0 ? n : eol;
            if (!text.substring(pos, end).isBlank()) {
                splitParagraph(text, pos, end, paragraph, out);
                paragraph++;
            }
            pos = end + 1;
        }
        return out;
    }

    private void splitParagraph(String text, int from, int to, int paragraph, List<Sentence> out) {
        boolean[] insideQuote = quotedRegions(text, from, to);
        int start = skipSpace(text, from, to);
        int i = start;
        while (i < to) {
            char c = text.charAt(i);
            if (c == '.' || c == '!' || c == '?' || c == '…') {
                int j = i + 1;
                while (j < to && (text.charAt(j) == '.' || text.charAt(j) == '!' || text.charAt(j) == '?' || text.charAt(j) == '…')) {
                    j++;
                }
                while (j < to && CLOSERS.indexOf(text.charAt(j)) >= 0) {
                    j++;
                }
                if (isBoundary(text, start, i, j, to, insideQuote, from)) {
                    add(text, start, j, paragraph, out);
                    start = skipSpace(text, j, to);
                    i = start;
                    continue;
                }
                i = j;
                continue;
            }
            i++;
        }
        if (start < to) {
            add(text, start, to, paragraph, out);
        }
    }

    private boolean isBoundary(String text, int sentenceStart, int stop, int after, int to, boolean[] insideQuote, int from) {
        if (after >= to) {
            return false; // end of paragraph: the caller closes the sentence
        }
        if (!Character.isWhitespace(text.charAt(after))) {
            return false; // decimals (3.5), domains (kremlin.ru), "U.S.-led"
        }
        int next = skipSpace(text, after, to);
        if (next >= to) {
            return false;
        }
        char nc = text.charAt(next);
        boolean startsSentence = Character.isUpperCase(nc) || Character.isDigit(nc)
                || OPEN_QUOTES.indexOf(nc) >= 0 || nc == '"' || nc == '‘' || nc == '\'' || nc == '(' || nc == '—';
        if (!startsSentence) {
            return false;
        }
        if (insideQuote[after - from - 1] && insideQuote[Math.min(next, to - 1) - from]) {
            return false; // a quotation that runs over several sentences stays one statement
        }
        if (after - stop > 1 && isQuoteMark(text.charAt(after - 1)) && isShortAttribution(text, next, to)) {
            return false; // “... as well.” Lukashenko said. The attribution belongs to the quotation.
        }
        if (text.charAt(stop) == '.' && (after - stop == 1 || CLOSERS.indexOf(text.charAt(stop + 1)) < 0)) {
            String word = wordBefore(text, sentenceStart, stop);
            String lower = word.toLowerCase(Locale.ROOT);
            if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) {
                return false; // an initial: "Vladimir V. Putin"
            }
            if (abbreviations.contains(lower)) {
                return false;
            }
            if (lower.contains(".") && lower.length() <= 8) {
                // A dotted acronym ("U.S.") ends a sentence only before a typical sentence opener.
                String nextWord = wordAt(text, next, to);
                return sentenceStarters.contains(nextWord.toLowerCase(Locale.ROOT));
            }
        }
        return true;
    }

    private static boolean isQuoteMark(char c) {
        return c == '”' || c == '"' || c == '»';
    }

    /** A clause of at most five words up to the next full stop that reports speech ("Peskov told reporters."). */
    private boolean isShortAttribution(String text, int from, int to) {
        int end = from;
        while (end < to && ".!?;“\"".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        if (end >= to || text.charAt(end) != '.') {
            return false;
        }
        String clause = text.substring(from, end);
        return clause.strip().split("\\s+").length <= 5 && speechVerbs.matcher(clause).find();
    }

    /**
     * Marks the characters that lie inside a double quotation which closes within the paragraph.
     * Curly quotes pair by direction; straight quotes pair in order. An opener that never closes
     * marks nothing, so a missing closing quote cannot swallow the rest of the paragraph.
     */
    private static boolean[] quotedRegions(String text, int from, int to) {
        boolean[] inside = new boolean[Math.max(0, to - from)];
        int curlyOpen = -1;
        int straightOpen = -1;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (OPEN_QUOTES.indexOf(c) >= 0) {
                if (curlyOpen < 0) {
                    curlyOpen = i;
                }
            } else if (CLOSE_QUOTES.indexOf(c) >= 0) {
                if (curlyOpen >= 0) {
                    mark(inside, curlyOpen - from + 1, i - from);
                    curlyOpen = -1;
                }
            } else if (c == '"') {
                if (straightOpen < 0) {
                    straightOpen = i;
                } else {
                    mark(inside, straightOpen - from + 1, i - from);
                    straightOpen = -1;
                }
            }
        }
        return inside;
    }

    private static void mark(boolean[] inside, int from, int to) {
        for (int k = from; k < to; k++) {
            inside[k] = true;
        }
    }

    private void add(String text, int start, int end, int paragraph, List<Sentence> out) {
        int e = end;
        while (e > start && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
        }
        if (e > start) {
            String s = text.substring(start, e);
            out.add(new Sentence(s, start, e, paragraph, kindOf(s)));
        }
    }

    /** DIRECT_QUOTE when the statement quotes someone, REPORTED_SPEECH when it reports speech, else NARRATION. */
    public StatementKind kindOf(String sentence) {
        if (hasQuotation(sentence)) {
            return StatementKind.DIRECT_QUOTE;
        }
        return speechVerbs.matcher(sentence).find() ? StatementKind.REPORTED_SPEECH : StatementKind.NARRATION;
    }

    private static boolean hasQuotation(String s) {
        int open = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (OPEN_QUOTES.indexOf(c) >= 0 || (c == '"' && open < 0)) {
                open = i;
            } else if ((CLOSE_QUOTES.indexOf(c) >= 0 || c == '"') && open >= 0) {
                // Two or more words: a quotation, not a scare-quoted term.
                if (s.substring(open + 1, i).strip().contains(" ")) {
                    return true;
                }
                open = -1;
            }
        }
        return false;
    }

    private static String wordBefore(String text, int min, int stop) {
        int k = stop;
        while (k > min && (Character.isLetter(text.charAt(k - 1)) || text.charAt(k - 1) == '.')) {
            k--;
        }
        return text.substring(k, stop);
    }

    private static String wordAt(String text, int pos, int to) {
        int k = pos;
        while (k < to && Character.isLetter(text.charAt(k))) {
            k++;
        }
        return text.substring(pos, k);
    }

    private static int skipSpace(String text, int pos, int to) {
        int k = pos;
        while (k < to && Character.isWhitespace(text.charAt(k))) {
            k++;
        }
        return k;
    }

    static List<String> readLexicon(String resource) {
        InputStream in = StatementSplitter.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("lexicon missing from the classpath: " + resource);
        }
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String entry = line.replaceFirst("#.*", "").strip();
                if (!entry.isEmpty()) {
                    out.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return out;
    }

    /** For tests and diagnostics: is the lexicon entry known. */
    boolean isAbbreviation(String word) {
        return abbreviations.contains(word.toLowerCase(Locale.ROOT));
    }
}

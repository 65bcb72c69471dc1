package org.parley.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.parley.avro.Stance;

/**
 * Scores the enricher against labelled articles exactly as {@code shared/eval/score.py} does: each
 * labelled snippet takes the label of the statement that overlaps it most; joint accuracy counts
 * holder and stance both right; macro-F1 averages the four stances; speaker accuracy counts
 * labelled speakers of statements with a stance whose surname the output names.
 */
final class Evaluator {

    static final List<Stance> STANCES = List.of(Stance.OPEN, Stance.CONDITIONAL, Stance.CLOSED, Stance.NONE);

    /** One label that the output got wrong. */
    record Miss(String article, String snippet, String goldHolder, Stance goldStance, String gotHolder, Stance gotStance) {
    }

    /** The figures. */
    record Report(int items, double jointAccuracy, double macroF1, Map<Stance, Double> f1, Double speakerAccuracy,
                  Map<String, Integer> confusion, List<Miss> misses) {
    }

    private final Analyzer analyzer;

    Evaluator(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** One labelled statement. */
    record Label(String article, String snippet, String speaker, String holder, Stance stance) {
    }

    Report evaluate(Path labels, Path articles) throws IOException {
        Map<String, List<Analyzer.Row>> outputs = new HashMap<>();
        Map<String, String> texts = new HashMap<>();
        java.util.function.Function<String, String> text = a -> texts.computeIfAbsent(a, x -> readArticle(articles.resolve(x)));
        return score(readLabels(labels), text,
                a -> outputs.computeIfAbsent(a, x -> analyzer.analyze(text.apply(x), LocalDate.now())));
    }

    /** Reads a labels file, one JSON object a line, with a one-line error for a malformed line. */
    static List<Label> readLabels(Path labels) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Label> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(labels, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode g;
            try {
                g = json.readTree(line);
            } catch (IOException e) {
                throw new Parley.UsageError(labels + ":" + lineNo + ": not a JSON object");
            }
            Stance stance;
            try {
                stance = Stance.valueOf(required(g, "stance", labels, lineNo));
            } catch (IllegalArgumentException e) {
                throw new Parley.UsageError(labels + ":" + lineNo + ": stance must be OPEN, CONDITIONAL, CLOSED or NONE");
            }
            out.add(new Label(required(g, "article", labels, lineNo), required(g, "snippet", labels, lineNo),
                    g.path("speaker").asText(""), stance == Stance.NONE ? "" : g.path("holder").asText(""), stance));
        }
        return out;
    }

    /** The output statement that overlaps the labelled snippet most, or null. */
    static Analyzer.Row matching(String text, String snippet, List<Analyzer.Row> rows) {
        return mostOverlapping(text, snippet, rows, Analyzer.Row::start, Analyzer.Row::end);
    }

    /**
     * Of statements with offsets into an article's text, the one that overlaps the labelled snippet
     * most (score.py's rule), or null when the snippet is not in the text or nothing overlaps it.
     */
    static <T> T mostOverlapping(String text, String snippet, List<T> statements, java.util.function.ToIntFunction<T> start,
                                 java.util.function.ToIntFunction<T> end) {
        int k = text.indexOf(snippet);
        if (k < 0) {
            return null;
        }
        int snippetEnd = k + snippet.length();
        T best = null;
        int bestOverlap = 0;
        for (T s : statements) {
            int overlap = Math.min(end.applyAsInt(s), snippetEnd) - Math.max(start.applyAsInt(s), k);
            if (overlap > bestOverlap) {
                best = s;
                bestOverlap = overlap;
            }
        }
        return best;
    }

    /**
     * Scores labels against output rows.
     *
     * @param texts an article's whole text by its file name
     * @param rows  the output statements of an article by its file name
     */
    static Report score(List<Label> labels, java.util.function.Function<String, String> texts,
                        java.util.function.Function<String, List<Analyzer.Row>> rows) {
        int n = 0;
        int joint = 0;
        int speakerTotal = 0;
        int speakerOk = 0;
        Map<String, Integer> confusion = new LinkedHashMap<>();
        Map<Stance, int[]> counts = new EnumMap<>(Stance.class); // tp, fp, fn
        STANCES.forEach(s -> counts.put(s, new int[3]));
        List<Miss> misses = new ArrayList<>();
        for (Label g : labels) {
            String article = g.article();
            String snippet = g.snippet();
            Stance goldStance = g.stance();
            String goldHolder = g.holder();
            String goldSpeaker = g.speaker();
            Analyzer.Row best = matching(texts.apply(article), snippet, rows.apply(article));
            Stance got = best == null ? Stance.NONE : best.stance();
            String gotHolder = got == Stance.NONE || best.party() == null ? "" : best.party();
            n++;
            confusion.merge(goldStance + "->" + got, 1, Integer::sum);
            if (got == goldStance) {
                counts.get(got)[0]++;
            } else {
                counts.get(got)[1]++;
                counts.get(goldStance)[2]++;
            }
            boolean ok = got == goldStance && gotHolder.equals(goldHolder);
            if (ok) {
                joint++;
            } else {
                misses.add(new Miss(article, snippet, goldHolder, goldStance, gotHolder, got));
            }
            if (!goldSpeaker.isEmpty() && goldStance != Stance.NONE) {
                speakerTotal++;
                if (surnameMatches(goldSpeaker, best == null ? null : best.speaker())) {
                    speakerOk++;
                }
            }
        }
        Map<Stance, Double> f1 = new EnumMap<>(Stance.class);
        double sum = 0;
        for (Stance s : STANCES) {
            int[] c = counts.get(s);
            double p = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
            double r = c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
            double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
            f1.put(s, f);
            sum += f;
        }
        return new Report(n, n == 0 ? 0 : (double) joint / n, sum / STANCES.size(), f1,
                speakerTotal == 0 ? null : (double) speakerOk / speakerTotal, confusion, misses);
    }

    /** score.py's rule: the gold surname appears in the output, or the output is part of the gold name. */
    static boolean surnameMatches(String gold, String predicted) {
        if (predicted == null || predicted.isEmpty()) {
            return false;
        }
        String g = gold.toLowerCase(Locale.ROOT);
        String p = predicted.toLowerCase(Locale.ROOT);
        String[] parts = g.replace('.', ' ').strip().split("\\s+");
        return p.contains(parts[parts.length - 1]) || g.contains(p);
    }

    private static String required(JsonNode g, String field, Path labels, int line) {
        JsonNode v = g.get(field);
        if (v == null || !v.isTextual()) {
            throw new Parley.UsageError(labels + ":" + line + ": missing \"" + field + "\"");
        }
        return v.asText();
    }

    private static String readArticle(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Parley.UsageError("cannot read article " + file + ": " + e.getMessage());
        }
    }
}

package org.parley.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Scores the enricher on labelled articles, with the same figures as shared/eval/score.py. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {
                "Score the enricher on your own labelled articles: joint holder+stance accuracy, macro-F1 over the "
                        + "four stances, speaker accuracy, the confusion matrix and the misses.",
                "LABELS.jsonl holds one {\"article\", \"snippet\", \"speaker\", \"holder\", \"stance\"} per line "
                        + "(see shared/eval/GUIDELINES.md); ARTICLES_DIR the article files it names."})
final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "LABELS.jsonl")
    Path labels;

    @Parameters(index = "1", paramLabel = "ARTICLES_DIR")
    Path articles;

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean asJson;

    @Option(names = "--misses", defaultValue = "40", description = "How many misses to list (default: ${DEFAULT-VALUE}).")
    int maxMisses;

    @picocli.CommandLine.Mixin
    EnrichOptions enrich;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(labels)) {
            throw new Parley.UsageError("no such labels file: " + labels);
        }
        if (!Files.isDirectory(articles)) {
            throw new Parley.UsageError("no such articles folder: " + articles);
        }
        Evaluator.Report r = new Evaluator(new Analyzer(enrich.enricher())).evaluate(labels, articles);
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("items", r.items());
        figures.put("joint_accuracy", round(r.jointAccuracy()));
        figures.put("macro_f1", round(r.macroF1()));
        Map<String, Double> f1 = new LinkedHashMap<>();
        r.f1().forEach((k, v) -> f1.put(k.name(), round(v)));
        figures.put("f1", f1);
        figures.put("speaker_accuracy", r.speakerAccuracy() == null ? null : round(r.speakerAccuracy()));
        figures.put("confusion(gold->got)", new java.util.TreeMap<>(r.confusion()));
        if (asJson) {
            out.println(json.writeValueAsString(figures));
        } else {
            r.misses().stream().limit(maxMisses).forEach(m -> out.printf(Locale.ROOT, "miss %s gold=%s/%s got=%s/%s  %s%n",
                    m.article(), m.goldHolder(), m.goldStance(), m.gotHolder(), m.gotStance(),
                    m.snippet().length() > 90 ? m.snippet().substring(0, 90) + "..." : m.snippet()));
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(figures));
            out.printf(Locale.ROOT, "joint_accuracy=%.4f macro_f1=%.4f speaker_accuracy=%s items=%d%n", r.jointAccuracy(),
                    r.macroF1(), r.speakerAccuracy() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", r.speakerAccuracy()),
                    r.items());
        }
        out.flush();
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}

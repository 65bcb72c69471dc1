package org.parley.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.parley.avro.Stance;
import org.parley.enrich.Enricher;
import org.parley.enrich.model.SentenceEncoder;
import org.parley.enrich.model.StanceHead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Trains the stance model's head on labelled articles, in the JVM, deterministically, and reports
 * figures cross-validated by article: the rules alone and rules plus model on the same folds.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {
                "Train the stance model on labelled articles and print cross-validated figures (folds by article).",
                "LABELS.jsonl holds one {\"article\", \"snippet\", \"speaker\", \"holder\", \"stance\"} per line "
                        + "(shared/eval/GUIDELINES.md); ARTICLES_DIR... the folders holding the articles it names.",
                "The model file it writes is used with --model FILE on run, enrich, analyze and eval."})
final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "LABELS.jsonl")
    Path labels;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "ARTICLES_DIR")
    List<Path> articleDirs;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "stance-model.txt",
            description = "Where to write the trained model (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--folds", defaultValue = "5", description = "Cross-validation folds, by article (default: ${DEFAULT-VALUE}; 0 skips).")
    int folds;

    @Option(names = "--seed", defaultValue = "17", description = "Seed of the article shuffle that makes the folds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--words", defaultValue = "0",
            description = "Hash buckets for word unigrams and bigrams; 0 for the sentence vector and rule cues alone (default: ${DEFAULT-VALUE}).")
    int words;

    @Option(names = "--c", defaultValue = "1.0", description = "Inverse regularisation strength of the logistic regression (default: ${DEFAULT-VALUE}).")
    double c;

    @Option(names = "--encoder", paramLabel = "NAME|FILE.onnx", defaultValue = SentenceEncoder.NAME,
            description = "The sentence encoder whose vectors the model reads: a bundled name (default: ${DEFAULT-VALUE}) "
                    + "or an ONNX file fine-tuned by training/finetune.py.")
    String encoderName;

    @Option(names = "--export", paramLabel = "FILE",
            description = "Also write the examples the model learns from as JSON lines (article, fold, stance, text, token ids, "
                    + "rule flags), the input of the offline fine-tuning in training/.")
    Path export;

    @Option(names = "--balanced", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Weigh each stance the same in training however rare it is (default: ${DEFAULT-VALUE}; --no-balanced to turn off).")
    boolean balanced;

    @Option(names = "--curve", description = "Also print a learning curve: cross-validated figures with 25, 50 and 75%% of the training articles.")
    boolean curve;

    @Option(names = "--test", paramLabel = "LABELS.jsonl", description = "A held-out labelled set of your own to score the trained model on.")
    Path testLabels;

    @Option(names = "--test-articles", paramLabel = "DIR", description = "The articles of --test (default: the folder beside it named 'articles').")
    Path testArticles;

    @Option(names = "--json", description = "Print the figures as one JSON object instead of lines.")
    boolean asJson;

    @picocli.CommandLine.Mixin
    EnrichOptions enrich;

    @Spec
    CommandSpec spec;

    /** A labelled article, read and observed once. */
    private record Article(String name, String text, List<Analyzer.Observed> observed) {
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(labels)) {
            throw new Parley.UsageError("no such labels file: " + labels);
        }
        for (Path d : articleDirs) {
            if (!Files.isDirectory(d)) {
                throw new Parley.UsageError("no such articles folder: " + d);
            }
        }
        if (folds == 1 || folds < 0) {
            throw new Parley.UsageError("--folds must be 0 or at least 2");
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outp = spec.commandLine().getOut();
        List<Evaluator.Label> gold = Evaluator.readLabels(labels);
        Enricher rules;
        try {
            if (encoderName.endsWith(".onnx")) {
                encoderName = SentenceEncoder.fromFile(Path.of(encoderName)).name();
            }
            rules = Enricher.create(enrich.actors, null).withEncoder(encoderName);
        } catch (IllegalArgumentException e) {
            throw new Parley.UsageError(e.getMessage());
        }
        Analyzer analyzer = new Analyzer(rules);
        Map<String, Article> articles = new LinkedHashMap<>();
        Set<String> names = new TreeSet<>();
        gold.forEach(g -> names.add(g.article()));
        int done = 0;
        long t0 = System.nanoTime();
        for (String name : names) {
            String text = readArticle(name);
            articles.put(name, new Article(name, text, analyzer.observe(text, LocalDate.now())));
            if (++done % 50 == 0 || done == names.size()) {
                err.printf(Locale.ROOT, "read %d/%d articles (%.0f s)%n", done, names.size(), (System.nanoTime() - t0) / 1e9);
                err.flush();
            }
        }
        StanceHead.Settings settings = new StanceHead.Settings(words, c, balanced);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("articles", articles.size());
        report.put("labels", gold.size());
        Map<String, List<Example>> byArticle = examples(gold, articles, report);
        List<String> order = new ArrayList<>(articles.keySet());
        Collections.shuffle(order, new Random(seed));
        Map<String, Integer> fold = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            fold.put(order.get(i), folds > 0 ? i % folds : 0);
        }
        if (export != null) {
            exportExamples(byArticle, fold);
            report.put("exported", export.toString());
        }
        err.println("computing sentence vectors...");
        err.flush();
        byArticle.values().forEach(list -> list.forEach(e -> e.features(settings)));
        if (folds > 0) {
            report.put("cv_rules_only", figures(crossValidated(gold, articles, byArticle, fold, null, 1.0, analyzer, encoderName)));
            report.put("cv_model", figures(crossValidated(gold, articles, byArticle, fold, settings, 1.0, analyzer, encoderName)));
            if (curve) {
                Map<String, Object> points = new LinkedHashMap<>();
                for (double f : new double[] {0.25, 0.5, 0.75}) {
                    points.put(Integer.toString((int) (f * 100)) + "%",
                            figures(crossValidated(gold, articles, byArticle, fold, settings, f, analyzer, encoderName)));
                }
                points.put("100%", report.get("cv_model"));
                report.put("curve", points);
            }
        }
        List<StanceHead.Example> all = new ArrayList<>();
        byArticle.values().forEach(list -> list.forEach(e -> all.add(new StanceHead.Example(e.features(settings), e.stance))));
        String hash = dataHash(names);
        String tuned = SentenceEncoder.named(encoderName).trainedOn();
        if (hash.equals(tuned) && folds > 0) {
            report.put("warning", "the encoder " + encoderName + " was fine-tuned on these labels: "
                    + "statements it learnt from are in every test fold, so the cross-validated figures are optimistic; "
                    + "training/README.md gives figures held out from the fine-tuning as well");
        }
        StanceHead head = StanceHead.train(all, settings, hash, encoderName);
        head.save(out);
        report.put("model", out.toString());
        report.put("model_version", head.version());
        if (testLabels != null) {
            Path dir = testArticles != null ? testArticles : testLabels.toAbsolutePath().getParent().resolve("articles");
            Evaluator.Report r = new Evaluator(new Analyzer(rules.withHead(head))).evaluate(testLabels, dir);
            report.put("test", figures(r));
        }
        if (asJson) {
            outp.println(new ObjectMapper().writeValueAsString(report));
        } else {
            report.forEach((k, v) -> outp.println(k + ": " + v));
        }
        outp.flush();
        return 0;
    }

    /** Writes the examples as JSON lines for the offline fine-tuning, with the fold of their article. */
    private void exportExamples(Map<String, List<Example>> byArticle, Map<String, Integer> fold) throws IOException {
        SentenceEncoder encoder = SentenceEncoder.named(encoderName);
        ObjectMapper json = new ObjectMapper();
        try (var w = Files.newBufferedWriter(export, StandardCharsets.UTF_8)) {
            for (var e : byArticle.entrySet()) {
                for (Example x : e.getValue()) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("article", e.getKey());
                    line.put("fold", fold.get(e.getKey()));
                    line.put("stance", x.stance.name());
                    line.put("text", x.observation.text());
                    line.put("ids", encoder.tokenIds(x.observation.text()));
                    line.put("flags", x.observation.flags().stream().map(f -> f.ordinal()).sorted().toList());
                    w.write(json.writeValueAsString(line));
                    w.newLine();
                }
            }
        }
    }

    /** One training example: a gated statement with the stance of the label on it. */
    private static final class Example {
        final Enricher.Observation observation;
        final Stance stance;

        Example(Enricher.Observation observation, Stance stance) {
            this.observation = observation;
            this.stance = stance;
        }

        de.bwaldvogel.liblinear.Feature[] features(StanceHead.Settings s) {
            return observation.features(s);
        }
    }

    /**
     * The examples of each article: the statement each label falls on (most overlap, as scoring
     * does), where it passes the gate. Several labels on one statement give the first with a stance.
     */
    private static Map<String, List<Example>> examples(List<Evaluator.Label> gold, Map<String, Article> articles,
                                                       Map<String, Object> report) {
        Map<String, Map<Analyzer.Observed, Stance>> chosen = new LinkedHashMap<>();
        int stated = 0;
        int statedGated = 0;
        int unmatched = 0;
        for (Evaluator.Label g : gold) {
            Article a = articles.get(g.article());
            Analyzer.Observed o = Evaluator.mostOverlapping(a.text(), g.snippet(), a.observed(), Analyzer.Observed::start,
                    Analyzer.Observed::end);
            if (o == null) {
                unmatched++;
                continue;
            }
            if (g.stance() != Stance.NONE) {
                stated++;
                if (o.observation().gated()) {
                    statedGated++;
                }
            }
            Map<Analyzer.Observed, Stance> m = chosen.computeIfAbsent(g.article(), x -> new LinkedHashMap<>());
            Stance before = m.get(o);
            if (before == null || before == Stance.NONE) {
                m.put(o, g.stance());
            }
        }
        Map<String, List<Example>> out = new LinkedHashMap<>();
        int total = 0;
        int gated = 0;
        for (var e : chosen.entrySet()) {
            List<Example> list = new ArrayList<>();
            for (var s : e.getValue().entrySet()) {
                total++;
                if (s.getKey().observation().gated()) {
                    gated++;
                    list.add(new Example(s.getKey().observation(), s.getValue()));
                }
            }
            out.put(e.getKey(), list);
        }
        report.put("statements_labelled", total);
        report.put("statements_through_gate", gated);
        report.put("gate_recall_on_stances", stated == 0 ? null : round((double) statedGated / stated));
        if (unmatched > 0) {
            report.put("labels_not_found_in_article", unmatched);
        }
        return out;
    }

    /**
     * Scores each fold's articles with a head trained on the other folds (or the rules alone when
     * settings is null), pooled over all folds.
     *
     * @param fraction the share of each fold's training articles used, for the learning curve
     */
    private static Evaluator.Report crossValidated(List<Evaluator.Label> gold, Map<String, Article> articles,
                                                   Map<String, List<Example>> byArticle, Map<String, Integer> fold,
                                                   StanceHead.Settings settings, double fraction, Analyzer analyzer,
                                                   String encoder) {
        int k = fold.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        Map<String, List<Analyzer.Row>> rows = new HashMap<>();
        for (int f = 0; f < k; f++) {
            StanceHead head = null;
            if (settings != null) {
                List<String> train = new ArrayList<>();
                for (String name : fold.keySet().stream().sorted().toList()) {
                    if (fold.get(name) != f) {
                        train.add(name);
                    }
                }
                Collections.shuffle(train, new Random(31L * f + 7));
                train = train.subList(0, Math.max(1, (int) Math.round(train.size() * fraction)));
                List<StanceHead.Example> examples = new ArrayList<>();
                for (String name : train) {
                    for (Example e : byArticle.getOrDefault(name, List.of())) {
                        examples.add(new StanceHead.Example(e.features(settings), e.stance));
                    }
                }
                head = StanceHead.train(examples, settings, "cv", encoder);
            }
            for (var e : fold.entrySet()) {
                if (e.getValue() == f) {
                    rows.put(e.getKey(), analyzer.decide(articles.get(e.getKey()).observed(), head));
                }
            }
        }
        return Evaluator.score(gold, a -> articles.get(a).text(), rows::get);
    }

    private static Map<String, Object> figures(Evaluator.Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", r.items());
        m.put("joint", round(r.jointAccuracy()));
        m.put("macro_f1", round(r.macroF1()));
        m.put("speaker", r.speakerAccuracy() == null ? null : round(r.speakerAccuracy()));
        Map<String, Double> f1 = new LinkedHashMap<>();
        r.f1().forEach((s, v) -> f1.put(s.name(), round(v)));
        m.put("f1", f1);
        m.put("confusion(gold->got)", new java.util.TreeMap<>(r.confusion()));
        return m;
    }

    private String readArticle(String name) {
        for (Path d : articleDirs) {
            Path p = d.resolve(name);
            if (Files.isRegularFile(p)) {
                try {
                    return Files.readString(p, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new Parley.UsageError("cannot read article " + p + ": " + e.getMessage());
                }
            }
        }
        throw new Parley.UsageError("article " + name + " named in " + labels + " is in none of " + articleDirs);
    }

    /** Hash of the labels and the labelled articles, in name order: which data the model learnt from. */
    private String dataHash(Set<String> names) throws IOException {
        return dataHash(Files.readAllBytes(labels), names, this::readArticle);
    }

    /**
     * Hash of a labels file's bytes and its articles' texts in name order; the bundled model
     * records it, and a test checks that it is the hash of corpus/train.
     */
    static String dataHash(byte[] labels, Set<String> names, java.util.function.Function<String, String> article) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(labels);
            for (String n : new TreeSet<>(names)) {
                sha.update(n.getBytes(StandardCharsets.UTF_8));
                sha.update(article.apply(n).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}

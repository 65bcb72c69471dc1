package org.parley.launcher;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.parley.enrich.Enricher;
import org.parley.enrich.attribution.Discourse;
import org.parley.ingest.feed.FeedParser;
import org.parley.ingest.feed.ParsedFeed;
import org.parley.ingest.split.Sentence;
import org.parley.ingest.split.StatementSplitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Parley's benchmark. First the stages' cores on one thread, in-process: feed items parsed,
 * statements split and statements enriched per second of CPU time, each the median of several
 * timed rounds after a warm-up. Then the whole pipeline on an embedded broker: the broker's own
 * pass-through with tuned plain clients (the ceiling), and statements per second through ingest,
 * enrich and aggregate, with the stance model and with rules only ({@link PipelineBench}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure Parley's throughput: the stages' cores on one thread, then the whole pipeline on an embedded broker "
                + "(or --bootstrap-servers) against the broker's own pass-through, its latency and its memory.", "Prints a table, then one JSON line of every figure."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "2", description = "Length of each timed round (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds per figure (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--json", description = "Print only the JSON line of figures, not the table.")
    boolean asJson;

    @Option(names = "--quick", description = "A short run (under a minute): one 1 s round for the cores on a smaller feed, 1,000 "
            + "statements through the pipeline, 6 s of latency run.")
    boolean quick;

    @Option(names = "--statements", defaultValue = "30000", paramLabel = "N",
            description = "Statements through the pipeline in each run (default: ${DEFAULT-VALUE}).")
    long statements;

    @Option(names = "--partitions", defaultValue = "3", paramLabel = "N", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--rate", defaultValue = "200", paramLabel = "N",
            description = "Statements a second offered in the latency run (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--latency-seconds", defaultValue = "60", paramLabel = "S",
            description = "How long the latency run offers its load (default: ${DEFAULT-VALUE}; 6 with --quick).")
    int latencySeconds;

    @Option(names = "--enrich-instances", split = ",", paramLabel = "N", defaultValue = "1",
            description = "Run the pipeline with the model once for each of these numbers of enrich instances (1,2,3 shows how "
                    + "it scales out; default: ${DEFAULT-VALUE}).")
    List<Integer> enrichInstances;

    @Option(names = "--rules-only", description = "Only the rules-only pipeline run (for long runs such as the memory run "
            + "over --statements 1000000): not the run with the model nor the latency run.")
    boolean rulesOnly;

    @Option(names = "--cores-only", description = "Only the stages' cores on one thread, not the pipeline.")
    boolean coresOnly;

    @Option(names = "--pipeline-only", description = "Only the pipeline, not the stages' cores.")
    boolean pipelineOnly;

    @Option(names = "--articles", paramLabel = "DIR",
            description = "Articles (.txt) whose text makes the pipeline's corpus, and on whose statements enrich is also timed; "
                    + "default: corpus/train/articles when it is there, else generated news-like text.")
    java.nio.file.Path articles;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Run the ceiling and the pipeline on this Kafka cluster instead of a fresh embedded broker each: a cluster "
                    + "of the benchmark's own, holding no topic or consumer group whose name starts with 'parley' (each run "
                    + "deletes those it made, so that the next starts empty).")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client settings for that cluster (Java properties, as for 'parley run'; PARLEY_KAFKA_* "
                    + "variables override the file).")
    java.nio.file.Path kafkaConfig;

    @Spec
    CommandSpec spec;

    /** Where each pipeline run's broker comes from. */
    private PipelineBench.Cluster cluster;

    static final java.nio.file.Path DEFAULT_ARTICLES = java.nio.file.Path.of("corpus", "train", "articles");

    private static final String[] SENTENCES = {
        "Kremlin spokesman Dmitry Peskov said on Tuesday that Russia was ready for talks but only if Kyiv accepted the realities on the ground.",
        "“We are open to negotiations, but no one should expect us to give up our interests,” Lavrov told reporters in Moscow.",
        "Ukrainian President Volodymyr Zelensky rejected the proposal as an ultimatum.",
        "The talks in Istanbul in 2022 broke down after several rounds, according to officials familiar with the matter.",
        "Mr. Erdogan offered to host a new round of negotiations, his office said in a statement on Jan. 5.",
        "He added that a ceasefire of 30 days could be the basis for starting negotiations.",
        "Prices of grain rose 3.5 percent on the news, traders in Chicago said.",
        "Air raid sirens sounded across the capital overnight as drones struck an energy facility in the region.",
        "The central bank held its key interest rate at 16 percent, citing persistent inflation.",
        "Local officials said at least 12 people were killed and 40 wounded in the shelling of a market on Sunday.",
        "The minister visited a hospital in the city, where he met doctors and families of the wounded.",
        "Thousands of residents have fled the border villages since the fighting began in the summer.",
        "The report, published by a Geneva-based research group, tracks arms transfers since 2014.",
        "Shares in European defence companies rose sharply in early trading on Monday.",
        "The United Nations refugee agency said more than 6 million people had been displaced.",
        "She was elected to parliament in 2019 and served on its foreign affairs committee."
    };

    @Override
    public Integer call() throws Exception {
        if (quick) {
            seconds = 1;
            rounds = 1;
            statements = Math.min(statements, 1000);
            latencySeconds = Math.min(latencySeconds, 6);
        }
        if (articles == null && java.nio.file.Files.isDirectory(DEFAULT_ARTICLES)) {
            articles = DEFAULT_ARTICLES;
        }
        if (coresOnly && pipelineOnly) {
            throw new Parley.UsageError("--cores-only and --pipeline-only exclude each other");
        }
        PrintWriter out = spec.commandLine().getOut();
        Enricher enricher = Enricher.bundled();
        java.util.Map<String, Object> figures = new java.util.LinkedHashMap<>();
        if (!pipelineOnly) {
            cores(out, enricher, figures);
        }
        if (!coresOnly) {
            pipeline(out, enricher, figures);
        }
        out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(figures));
        out.flush();
        return 0;
    }

    /** The stages' cores on one thread. */
    private void cores(PrintWriter out, Enricher enricher, java.util.Map<String, Object> figures) throws Exception {
        // A pass of the enricher with the model over the feed's statements is one unit of work: 4 s on 200 items.
        byte[] feed = generatedFeed(quick ? 40 : 200);
        FeedParser parser = new FeedParser();
        StatementSplitter splitter = new StatementSplitter();
        int items = parser.parse(feed).items().size();
        List<String> texts = new ArrayList<>();
        for (var item : parser.parse(feed).items()) {
            texts.add(item.text());
        }
        List<Sentence> sentences = new ArrayList<>();
        for (String t : texts) {
            sentences.addAll(splitter.split(t));
        }
        if (!asJson) {
            out.printf("bench: one thread, rates per second of its CPU time, %d s rounds, median (and best) of %d after warm-up; "
                + "feed of %d items, %d KB%n",
                seconds, rounds, items, feed.length / 1024);
        }
        double[] parsed = rate(() -> {
            ParsedFeed f = parser.parse(feed);
            return f.items().size();
        });
        if (!asJson) {
            out.printf(Locale.ROOT, "feed items parsed:     %,12.0f per second (best round %,.0f)%n", parsed[0], parsed[1]);
        }
        double[] split = rate(() -> {
            int n = 0;
            for (String t : texts) {
                n += splitter.split(t).size();
            }
            return n;
        });
        if (!asJson) {
            out.printf(Locale.ROOT, "statements split:      %,12.0f per second (best round %,.0f)%n", split[0], split[1]);
        }
        LocalDate date = LocalDate.of(2025, 1, 1);
        Enricher rules = Enricher.rulesOnly();
        double[] enriched = enrichRate(enricher, sentences, date);
        double[] rulesOnly = enrichRate(rules, sentences, date);
        double gate = gateShare(enricher, sentences, date);
        figures.put("feed_items_per_cpu_s", Math.round(parsed[0]));
        figures.put("split_statements_per_cpu_s", Math.round(split[0]));
        figures.put("enrich_statements_per_cpu_s", Math.round(enriched[0]));
        figures.put("enrich_rules_only_statements_per_cpu_s", Math.round(rulesOnly[0]));
        figures.put("enrich_model_share", Math.round(gate * 1000) / 1000.0);
        figures.put("model", enricher.head() == null ? "none" : enricher.head().version());
        if (!asJson) {
            out.printf(Locale.ROOT, "statements enriched:   %,12.0f per second (best round %,.0f), stance model on %.0f%% of them%n",
                    enriched[0], enriched[1], gate * 100);
            out.printf(Locale.ROOT, "  rules only:          %,12.0f per second (best round %,.0f)%n", rulesOnly[0], rulesOnly[1]);
        }
        if (articles != null) {
            // The model takes a few milliseconds a statement: time it on a sample of the articles' statements.
            List<Sentence> real = articleSentences(articles, splitter, quick ? 200 : 3000);
            double[] onArticles = enrichRate(enricher, real, date);
            double realGate = gateShare(enricher, real, date);
            figures.put("articles_statements", real.size());
            figures.put("articles_enrich_statements_per_cpu_s", Math.round(onArticles[0]));
            figures.put("articles_enrich_model_share", Math.round(realGate * 1000) / 1000.0);
            if (!asJson) {
                out.printf(Locale.ROOT, "on %s (the first %,d statements): %,.0f enriched per second, stance model on %.0f%% of them%n",
                        articles, real.size(), onArticles[0], realGate * 100);
            }
        }
    }

    /** The pipeline on its cluster: the ceiling, then the corpus with the model, the latency run, and rules only. */
    private void pipeline(PrintWriter out, Enricher enricher, java.util.Map<String, Object> figures) throws Exception {
        org.parley.schemas.KafkaClientConfig external;
        try {
            external = org.parley.schemas.KafkaClientConfig.load(kafkaConfig, System.getenv(), bootstrapServers);
        } catch (IllegalArgumentException e) {
            throw new Parley.UsageError(e.getMessage());
        }
        cluster = external.bootstrapServers() == null ? PipelineBench.Cluster.embedded() : PipelineBench.Cluster.external(external);
        java.nio.file.Path work = java.nio.file.Files.createTempDirectory("parley-bench-");
        try {
            List<String> texts = articles != null ? articleTexts(articles) : generatedTexts();
            PipelineBench.Corpus corpus = PipelineBench.corpus(work.resolve("feeds"), texts, statements);
            int recordBytes = meanStatementBytes(PipelineBench.statementsOf(corpus));
            if (!asJson) {
                out.printf(Locale.ROOT, "%npipeline: %s, %d partitions a topic, this machine %d cores; corpus of %,d "
                        + "statements in %,d articles (%s), %,d feeds; statements of %d bytes on average%n",
                        external.bootstrapServers() == null ? "a fresh embedded broker each run" : "the cluster at " + external.bootstrapServers(), partitions,
                        Runtime.getRuntime().availableProcessors(), corpus.statements(), corpus.articles(),
                        articles != null ? "text of " + articles : "generated text", corpus.feeds().size(), recordBytes);
                out.flush();
            }
            PipelineBench.Ceiling ceiling;
            try (PipelineBench.Cluster.Lease lease = cluster.lease()) {
                ceiling = PipelineBench.ceiling(lease.kafka(),
                        // Long enough to be steady: 100,000 records gave 80,000 to 125,000 a second here, 4,000,000 gave 900,000.
                        Math.max(quick ? 300_000 : 1_000_000, corpus.statements() * 4), recordBytes, partitions);
            }
            figures.put("ceiling_records_per_s", Math.round(ceiling.recordsPerSecond()));
            figures.put("ceiling_mb_per_s", Math.round(ceiling.megabytesPerSecond() * 10) / 10.0);
            if (!asJson) {
                out.printf(Locale.ROOT, "ceiling (plain producer and consumer, lz4, batches of 256 KB): %,12.0f records per second, "
                        + "%.1f MB/s (%,d records)%n", ceiling.recordsPerSecond(), ceiling.megabytesPerSecond(), ceiling.records());
                out.flush();
            }
            java.util.function.Consumer<String> progress = line -> {
                if (!asJson) {
                    out.println(line);
                    out.flush();
                }
            };
            if (!rulesOnly) {
                PipelineBench.Run model = PipelineBench.pipeline(cluster, corpus, enricher, partitions, 1, work, progress);
                figures.put("pipeline_statements_per_s", Math.round(model.statementsPerSecond()));
                figures.put("ratio", Math.round(model.statementsPerSecond() / ceiling.recordsPerSecond() * 10_000) / 10_000.0);
                memory(figures, "", model.memory());
                if (!asJson) {
                    out.printf(Locale.ROOT, "pipeline with the model:  %,12.0f statements per second (%,d in %.1f s; %,d counted with a "
                            + "stance), %.2f%% of the ceiling; %s%n", model.statementsPerSecond(), model.statements(), model.seconds(),
                            model.counted(), 100 * model.statementsPerSecond() / ceiling.recordsPerSecond(), memory(model.memory()));
                    out.flush();
                }
                java.util.Map<String, Long> byInstances = new java.util.LinkedHashMap<>();
                for (int n : enrichInstances) {
                    if (n < 1) {
                        throw new Parley.UsageError("--enrich-instances: " + n + " is not a number of instances");
                    }
                    PipelineBench.Run scaled = n == 1 ? model : PipelineBench.pipeline(cluster, corpus, enricher, partitions, n, work, progress);
                    byInstances.put(String.valueOf(n), Math.round(scaled.statementsPerSecond()));
                    if (!asJson && n != 1) {
                        out.printf(Locale.ROOT, "  with %d enrich instances: %,12.0f statements per second (%,d in %.1f s)%n", n,
                                scaled.statementsPerSecond(), scaled.statements(), scaled.seconds());
                        out.flush();
                    }
                }
                if (enrichInstances.size() > 1 || !enrichInstances.contains(1)) {
                    figures.put("pipeline_statements_per_s_by_enrich_instances", byInstances);
                }
                latency(out, enricher, corpus, work, progress, figures);
            }
            PipelineBench.Run rules = PipelineBench.pipeline(cluster, corpus, Enricher.rulesOnly(), partitions, 1, work, progress);
            figures.put("pipeline_rules_only_statements_per_s", Math.round(rules.statementsPerSecond()));
            figures.put("rules_only_ratio", Math.round(rules.statementsPerSecond() / ceiling.recordsPerSecond() * 10_000) / 10_000.0);
            memory(figures, "rules_only_", rules.memory());
            figures.put("pipeline_corpus_statements", corpus.statements());
            figures.put("pipeline_partitions", partitions);
            if (!asJson) {
                out.printf(Locale.ROOT, "pipeline, rules only:     %,12.0f statements per second (%,d in %.1f s; %,d counted), "
                        + "%.2f%% of the ceiling; %s%n", rules.statementsPerSecond(), rules.statements(), rules.seconds(), rules.counted(),
                        100 * rules.statementsPerSecond() / ceiling.recordsPerSecond(), memory(rules.memory()));
                out.flush();
            }
        } finally {
            EmbeddedKafka.deleteRecursively(work);
        }
    }

    private void latency(PrintWriter out, Enricher enricher, PipelineBench.Corpus corpus, java.nio.file.Path work,
                         java.util.function.Consumer<String> progress, java.util.Map<String, Object> figures) throws Exception {
        PipelineBench.Latency latency = PipelineBench.latency(cluster, corpus, enricher, partitions, rate, latencySeconds, work, progress);
        figures.put("latency_rate_statements_per_s", rate);
        figures.put("latency_p50_ms", Math.round(latency.p50Millis()));
        figures.put("latency_p99_ms", Math.round(latency.p99Millis()));
        figures.put("latency_max_ms", Math.round(latency.maxMillis()));
        figures.put("latency_probes", latency.seen() + "/" + latency.sent());
        if (!asJson) {
            out.printf(Locale.ROOT, "latency at %.0f statements/s for %.0f s, with the model: p50 %,.0f ms, p99 %,.0f ms, max %,.0f ms "
                    + "(%d of %d probes seen; publication into Kafka to the event stream's snapshot)%n", rate, latency.seconds(),
                    latency.p50Millis(), latency.p99Millis(), latency.maxMillis(), latency.seen(), latency.sent());
            out.flush();
        }
    }

    private static void memory(java.util.Map<String, Object> figures, String prefix, PipelineBench.Memory m) {
        figures.put(prefix + "peak_heap_mb", m.peakLiveHeapMb());
        figures.put(prefix + "peak_heap_used_mb", m.peakHeapMb());
        figures.put(prefix + "peak_rss_mb", m.peakRssMb());
    }

    private static String memory(PipelineBench.Memory m) {
        return String.format(Locale.ROOT, "process at most %,d MB of heap after collections (%,d MB in use), %,d MB resident",
                m.peakLiveHeapMb(), m.peakHeapMb(), m.peakRssMb());
    }

    /** Articles of eight of the built-in sentences each, in a rotating order. */
    private static List<String> generatedTexts() {
        List<String> out = new ArrayList<>();
        for (int a = 0; a < SENTENCES.length; a++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                text.append(SENTENCES[(a + i * 3) % SENTENCES.length]).append(i % 3 == 2 ? "\n\n" : " ");
            }
            out.add(text.toString().strip());
        }
        return out;
    }

    private static List<String> articleTexts(java.nio.file.Path dir) throws java.io.IOException {
        try {
            return org.parley.ingest.extract.TextDocument.bodiesIn(dir);
        } catch (IllegalArgumentException e) {
            throw new Parley.UsageError(e.getMessage());
        }
    }

    /** The mean size of a statement record as ingest writes it, over the corpus's first 2,000. */
    private static int meanStatementBytes(List<org.parley.avro.Statement> statements) {
        List<org.parley.avro.Statement> sample = statements.subList(0, Math.min(statements.size(), 2000));
        long bytes = 0;
        for (org.parley.avro.Statement st : sample) {
            bytes += org.parley.schemas.Topics.STATEMENTS.valueSerde().encode(st).length;
        }
        return sample.isEmpty() ? 300 : (int) (bytes / sample.size());
    }

    private double[] enrichRate(Enricher e, List<Sentence> sentences, LocalDate date) throws Exception {
        return rate(() -> {
            Discourse d = new Discourse();
            for (Sentence s : sentences) {
                e.enrich(s.text(), date, s.kind(), d);
            }
            return sentences.size();
        });
    }

    /** The share of statements that pass the gate to the stance model. */
    private static double gateShare(Enricher e, List<Sentence> sentences, LocalDate date) {
        Discourse d = new Discourse();
        int gated = 0;
        for (Sentence s : sentences) {
            if (e.observe(s.text(), date, s.kind(), d).gated()) {
                gated++;
            }
        }
        return sentences.isEmpty() ? 0 : (double) gated / sentences.size();
    }

    /** The first {@code limit} statements of the articles, split as ingest splits them. */
    private static List<Sentence> articleSentences(java.nio.file.Path dir, StatementSplitter splitter, int limit)
            throws java.io.IOException {
        List<Sentence> out = new ArrayList<>();
        for (String text : articleTexts(dir)) {
            if (out.size() >= limit) {
                break;
            }
            out.addAll(splitter.split(text));
        }
        return out.subList(0, Math.min(out.size(), limit));
    }

    interface Work {
        int run() throws Exception;
    }

    /** Median and best rate over the rounds. */
    private double[] rate(Work work) throws Exception {
        long warmEnd = System.nanoTime() + Duration.ofSeconds(Math.max(1, seconds)).toNanos();
        while (System.nanoTime() < warmEnd) {
            work.run();
        }
        // Rates per second of this thread's CPU time: on a shared or throttled machine wall time
        // also counts time the thread was not running.
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            long done = 0;
            while (System.nanoTime() < end) {
                done += work.run();
            }
            rates[r] = done / ((cpu.getCurrentThreadCpuTime() - c0) / 1e9);
        }
        java.util.Arrays.sort(rates);
        return new double[] {rates[rounds / 2], rates[rounds - 1]};
    }

    static byte[] generatedFeed(int items) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
                + "<title>Bench</title><language>en</language>");
        for (int i = 0; i < items; i++) {
            b.append("<item><title>Item ").append(i).append("</title><link>https://news.example/").append(i)
                    .append("</link><guid>").append(i).append("</guid><pubDate>Tue, 01 Oct 2024 10:00:00 GMT</pubDate>")
                    .append("<description><![CDATA[");
            for (int p = 0; p < 3; p++) {
                b.append("<p>");
                for (int s = 0; s < 3; s++) {
                    b.append(SENTENCES[(i + p * 3 + s) % SENTENCES.length]).append(' ');
                }
                b.append("</p>");
            }
            b.append("]]></description></item>");
        }
        return b.append("</channel></rss>").toString().getBytes(StandardCharsets.UTF_8);
    }
}

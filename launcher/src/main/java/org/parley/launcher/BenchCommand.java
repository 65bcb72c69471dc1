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
 * Throughput of the stages' cores on one thread, in-process: feed items parsed, statements split
 * and statements enriched per second, on a generated feed of news-like items. Each figure is the
 * median of several timed rounds after a warm-up.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure feed items parsed, statements split and statements enriched per second of one thread's CPU time.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "2", description = "Length of each timed round (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds per figure (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--json", description = "Print one JSON line of figures instead of the table.")
    boolean asJson;

    @Option(names = "--articles", paramLabel = "DIR",
            description = "Also time enrich on the statements of the .txt articles in DIR (e.g. corpus/train/articles).")
    java.nio.file.Path articles;

    @Spec
    CommandSpec spec;

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
        PrintWriter out = spec.commandLine().getOut();
        byte[] feed = generatedFeed(200);
        FeedParser parser = new FeedParser();
        StatementSplitter splitter = new StatementSplitter();
        Enricher enricher = Enricher.bundled();
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
        java.util.Map<String, Object> figures = new java.util.LinkedHashMap<>();
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
            List<Sentence> real = articleSentences(articles, splitter);
            double[] onArticles = enrichRate(enricher, real, date);
            double realGate = gateShare(enricher, real, date);
            figures.put("articles_statements", real.size());
            figures.put("articles_enrich_statements_per_cpu_s", Math.round(onArticles[0]));
            figures.put("articles_enrich_model_share", Math.round(realGate * 1000) / 1000.0);
            if (!asJson) {
                out.printf(Locale.ROOT, "on %s (%d statements): %,.0f enriched per second, stance model on %.0f%% of them%n",
                        articles, real.size(), onArticles[0], realGate * 100);
            }
        }
        if (asJson) {
            out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(figures));
        }
        out.flush();
        return 0;
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

    private static List<Sentence> articleSentences(java.nio.file.Path dir, StatementSplitter splitter) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new Parley.UsageError("no such articles folder: " + dir);
        }
        List<Sentence> out = new ArrayList<>();
        try (var files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                out.addAll(splitter.split(org.parley.ingest.extract.TextDocument.parse(
                        java.nio.file.Files.readString(f, StandardCharsets.UTF_8)).body()));
            }
        }
        return out;
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

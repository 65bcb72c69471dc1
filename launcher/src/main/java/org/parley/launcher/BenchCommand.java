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

    @Spec
    CommandSpec spec;

    private static final String[] SENTENCES = {
        "Kremlin spokesman Dmitry Peskov said on Tuesday that Russia was ready for talks but only if Kyiv accepted the realities on the ground.",
        "“We are open to negotiations, but no one should expect us to give up our interests,” Lavrov told reporters in Moscow.",
        "Ukrainian President Volodymyr Zelensky rejected the proposal as an ultimatum.",
        "The talks in Istanbul in 2022 broke down after several rounds, according to officials familiar with the matter.",
        "Mr. Erdogan offered to host a new round of negotiations, his office said in a statement on Jan. 5.",
        "He added that a ceasefire of 30 days could be the basis for starting negotiations.",
        "Prices of grain rose 3.5 percent on the news, traders in Chicago said."
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
        out.printf("bench: one thread, rates per second of its CPU time, %d s rounds, median (and best) of %d after warm-up; "
                + "feed of %d items, %d KB%n",
                seconds, rounds, items, feed.length / 1024);
        double[] parsed = rate(() -> {
            ParsedFeed f = parser.parse(feed);
            return f.items().size();
        });
        out.printf(Locale.ROOT, "feed items parsed:     %,12.0f per second (best round %,.0f)%n", parsed[0], parsed[1]);
        double[] split = rate(() -> {
            int n = 0;
            for (String t : texts) {
                n += splitter.split(t).size();
            }
            return n;
        });
        out.printf(Locale.ROOT, "statements split:      %,12.0f per second (best round %,.0f)%n", split[0], split[1]);
        LocalDate date = LocalDate.of(2025, 1, 1);
        double[] enriched = rate(() -> {
            Discourse d = new Discourse();
            for (Sentence s : sentences) {
                enricher.enrich(s.text(), date, s.kind(), d);
            }
            return sentences.size();
        });
        out.printf(Locale.ROOT, "statements enriched:   %,12.0f per second (best round %,.0f)%n", enriched[0], enriched[1]);
        out.flush();
        return 0;
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

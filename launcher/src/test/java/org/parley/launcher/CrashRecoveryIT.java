package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.SyndFeedOutput;
import com.rometools.rome.io.XmlReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.parley.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar parley.jar run --data-dir D} as a separate process, killed with SIGKILL while it
 * ingests, enriches and aggregates, and started again on D each time: the final {@code /api/parties}
 * must equal an uninterrupted run's, each statement must be on the enriched topic once (read
 * committed), and after each SIGKILL Parley must serve again within 30 seconds. Also: a run with
 * {@code --ephemeral} stopped with SIGTERM leaves no directory behind.
 */
class CrashRecoveryIT {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);
    private static final Duration SERVE_AGAIN_WITHIN = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    @RegisterExtension
    final ChildProcesses processes = new ChildProcesses();

    /** A running {@code parley run}: its process, API port, broker port and log. */
    record Run(Process process, int httpPort, int kafkaPort, Path log) {
    }

    static Path jar() {
        String jar = System.getProperty("parley.jar");
        Assumptions.assumeTrue(jar != null && Files.exists(Path.of(jar)), "no parley.jar: run with 'mvn verify'");
        return Path.of(jar);
    }

    /** The bundled sample's items, each repeated on 60 later days under its own id: 780 articles. */
    static Path feed(Path dir) throws Exception {
        return feed(dir, 60);
    }

    /** The bundled sample's items, each repeated on that many later days under its own id (13 articles a day). */
    static Path feed(Path dir, int days) throws Exception {
        SyndFeed feed;
        try (InputStream in = CrashRecoveryIT.class.getResourceAsStream("/parley/sample/sample-feed.xml")) {
            feed = new SyndFeedInput().build(new XmlReader(in));
        }
        List<SyndEntry> entries = new ArrayList<>();
        for (int k = 0; k < days; k++) {
            for (SyndEntry e : feed.getEntries()) {
                SyndEntry c = (SyndEntry) e.clone();
                c.setUri(e.getUri() + "#day-" + k);
                c.setLink(e.getLink() + "?day=" + k);
                c.setPublishedDate(new Date(e.getPublishedDate().getTime() + k * 86_400_000L));
                entries.add(c);
            }
        }
        feed.setEntries(entries);
        Path file = dir.resolve("feed.xml");
        new SyndFeedOutput().output(feed, file.toFile());
        return file;
    }

    Run start(Path dataDir, Path feed, int kafkaPort, String name) throws IOException {
        int httpPort = EmbeddedKafka.freePort();
        Path log = dataDir.getParent().resolve(name + ".log");
        Process p = processes.start(new ProcessBuilder("java", "-Xmx768m", "-jar", jar().toString(), "run", "--data-dir",
                dataDir.toString(), "--feed", feed.toString(), "--http-port", String.valueOf(httpPort), "--kafka-port",
                String.valueOf(kafkaPort)).redirectErrorStream(true).redirectOutput(log.toFile()));
        return new Run(p, httpPort, kafkaPort, log);
    }

    /** /api/parties, or null while the API does not answer it. */
    JsonNode parties(Run run) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + run.httpPort() + "/api/parties"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? json.readTree(r.body()).get("parties") : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static long statements(JsonNode parties) {
        long n = 0;
        for (JsonNode p : parties) {
            n += p.get("statements").asLong();
        }
        return n;
    }

    /** The parties once they stay the same for ten seconds. */
    JsonNode settled(Run run) {
        String[] last = {""};
        long[] since = {System.nanoTime()};
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(run.process().isAlive()).as("parley run is alive (log: %s)", run.log()).isTrue();
            JsonNode p = parties(run);
            String now = p == null ? "" : p.toString();
            if (!now.equals(last[0])) {
                last[0] = now;
                since[0] = System.nanoTime();
            }
            return p != null && p.size() > 0 && System.nanoTime() - since[0] > Duration.ofSeconds(10).toNanos();
        });
        return parties(run);
    }

    static void kill(Run run) throws InterruptedException {
        run.process().destroyForcibly(); // SIGKILL
        run.process().waitFor();
    }

    /**
     * Each statement id on the enriched topic, with how many times it is there (read committed),
     * once enrich has caught up with the statements topic: the parties can stand still while enrich
     * is still at statements without a stance.
     */
    static Map<String, Integer> enrichedWhenCaughtUp(int kafkaPort) {
        long statements = TopicReader.readAll(cluster(kafkaPort), Topics.STATEMENTS.name()).size();
        await("enrich caught up with the " + statements + " statements").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1)).until(() -> enriched(kafkaPort).size() >= statements);
        return enriched(kafkaPort);
    }

    /** Each statement id on the enriched topic, with how many times it is there (read committed). */
    static Map<String, Integer> enriched(int kafkaPort) {
        Map<String, Integer> ids = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(cluster(kafkaPort), Topics.ENRICHED.name())) {
            ids.merge(Topics.ENRICHED.valueSerde().decode(r.value()).getStatement().getId(), 1, Integer::sum);
        }
        return ids;
    }

    /**
     * Fails naming how many ids are missing or extra, and a few of each, not the thousands that
     * match; then where enrich stands on its input and output topics, and the end of the run's log.
     */
    static void assertSameIds(Map<String, Integer> actual, Map<String, Integer> expected, Run run) {
        List<String> missing = expected.keySet().stream().filter(id -> !actual.containsKey(id)).sorted().toList();
        List<String> extra = actual.keySet().stream().filter(id -> !expected.containsKey(id)).sorted().toList();
        assertThat(missing.isEmpty() && extra.isEmpty())
                .as(() -> String.format("%d enriched of %d expected; %d missing %s; %d extra %s; topics:%s%nthe end of %s:%n%s",
                        actual.size(), expected.size(), missing.size(), missing.subList(0, Math.min(5, missing.size())), extra.size(),
                        extra.subList(0, Math.min(5, extra.size())), KafkaState.describe(cluster(run.kafkaPort()), "parley-enrich",
                                Topics.STATEMENTS.name(), Topics.ENRICHED.name()), run.log(), logTail(run.log(), 25)))
                .isTrue();
    }

    /** The last lines of a log that are not stack frames. */
    static String logTail(Path log, int lines) {
        try (Stream<String> all = Files.lines(log)) {
            List<String> kept = all.filter(l -> !l.startsWith("\tat ") && !l.startsWith("\t... ")).toList();
            return String.join("\n", kept.subList(Math.max(0, kept.size() - lines), kept.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(cannot read it: " + e + ")";
        }
    }

    /** The broker inside a running {@code parley run}. */
    private static KafkaCluster cluster(int kafkaPort) {
        return new KafkaCluster("127.0.0.1:" + kafkaPort, "embedded");
    }

    @Test
    void sigkillWhileIngestingEnrichingAndAggregatingChangesNothing(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        Path feed = feed(dir);

        Run clean = start(dir.resolve("clean"), feed, EmbeddedKafka.freePort(), "clean");
        JsonNode expected;
        Map<String, Integer> expectedEnriched;
        try {
            expected = settled(clean);
            expectedEnriched = enrichedWhenCaughtUp(clean.kafkaPort());
        } finally {
            kill(clean);
        }
        long total = statements(expected);
        LOG.info("uninterrupted run: {} parties, {} statements counted, {} statements enriched", expected.size(), total,
                expectedEnriched.size());
        assertThat(total).isGreaterThan(100);

        Path data = dir.resolve("crashed");
        int kafkaPort = EmbeddedKafka.freePort();
        List<Long> serveAgainMillis = new ArrayList<>();
        // 1: while ingesting (two seconds after it serves); 2: once the first parties are counted;
        // 3: half-way through the counting.
        Run run = start(data, feed, kafkaPort, "crash-1");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> parties(run) != null);
        Thread.sleep(2000);
        kill(run);
        for (int point = 2; point <= 3; point++) {
            Run again = start(data, feed, kafkaPort, "crash-" + point);
            long t0 = System.nanoTime();
            await().atMost(SERVE_AGAIN_WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> parties(again) != null);
            serveAgainMillis.add((System.nanoTime() - t0) / 1_000_000);
            long goal = point == 2 ? 1 : total / 2;
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> parties(again), p -> p != null && statements(p) >= goal);
            kill(again);
        }
        Run last = start(data, feed, kafkaPort, "final");
        try {
            long t0 = System.nanoTime();
            await().atMost(SERVE_AGAIN_WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> parties(last) != null);
            serveAgainMillis.add((System.nanoTime() - t0) / 1_000_000);
            // Transactions the crash left open end when they time out, so the restarted run may stand
            // still for a while before it takes up the last statements: wait for the uninterrupted
            // answer (up to three minutes), then check that it stays.
            await("the statements enriched by the uninterrupted run").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertSameIds(enriched(kafkaPort), expectedEnriched, last));
            await("the uninterrupted run's parties").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(parties(last)).isEqualTo(expected));
            long convergedMillis = (System.nanoTime() - t0) / 1_000_000;
            Thread.sleep(5000);
            JsonNode after = parties(last);
            Map<String, Integer> enriched = enriched(kafkaPort);
            LOG.info("after three SIGKILLs: {} statements counted, {} enriched; served again after {} ms; "
                    + "the same answer as the uninterrupted run {} ms after the last restart",
                    statements(after), enriched.size(), serveAgainMillis, convergedMillis);
            assertThat(enriched.values()).as("each statement enriched once").allMatch(n -> n == 1);
            assertSameIds(enriched, expectedEnriched, last);
            assertThat(after).isEqualTo(expected);
        } finally {
            kill(last);
        }
    }

    @Test
    void anEphemeralRunLeavesNoDirectoryBehind(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        int httpPort = EmbeddedKafka.freePort();
        Process p = processes.start(new ProcessBuilder("java", "-Xmx512m", "-Djava.io.tmpdir=" + tmp, "-jar", jar().toString(), "run",
                "--ephemeral", "--http-port", String.valueOf(httpPort)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("ephemeral.log").toFile()));
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                    .until(() -> parties(new Run(p, httpPort, 0, null)), parties -> parties != null && parties.size() > 0);
            try (Stream<Path> during = Files.list(tmp)) {
                assertThat(during.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("parley-"));
            }
        } finally {
            p.destroy(); // SIGTERM: the shutdown hook stops the pipeline and the broker
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        try (Stream<Path> after = Files.list(tmp)) {
            assertThat(after.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("parley-"));
        }
    }
}

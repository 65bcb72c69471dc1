package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.parley.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scale-out, proven with separate processes: on an embedded broker with 3 partitions per topic,
 * {@code java -jar parley.jar} runs one ingest, two enrich and two aggregate instances on a fixed
 * corpus. One enrich and one aggregate instance are stopped mid-stream (SIGTERM in one run,
 * SIGKILL in another); the survivors take over; the stopped ones start again on their data
 * directories. The final per-party figures must equal a run with one instance of each, from
 * either aggregate instance, and every statement must be enriched exactly once.
 */
class ScaleOutIT {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleOutIT.class);

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    @RegisterExtension
    final ChildProcesses processes = new ChildProcesses();

    /** A running stage process: what it runs, its HTTP port, its data directory and log. */
    record Stage(String name, Process process, int httpPort, Path dataDir, Path log, List<String> command) {
    }

    private Stage start(Path dir, String name, String bootstrap, Path feed, String... stageArgs) throws IOException {
        int port = EmbeddedKafka.freePort();
        Path data = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-jar", CrashRecoveryIT.jar().toString()));
        command.addAll(List.of(stageArgs));
        command.addAll(List.of("--bootstrap-servers", bootstrap, "--partitions", "3", "--http-port", String.valueOf(port)));
        if (!stageArgs[0].equals("ingest")) {
            command.addAll(List.of("--data-dir", data.toString()));
        } else {
            command.addAll(List.of("--feed", feed.toString()));
        }
        if (stageArgs[0].equals("aggregate")) {
            command.addAll(List.of("--advertised-host", "127.0.0.1", "--alert-horizon", "3650d"));
        }
        return launch(new Stage(name, null, port, data, dir.resolve(name + ".log"), command));
    }

    private Stage launch(Stage s) throws IOException {
        Process p = processes.start(new ProcessBuilder(s.command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(s.log().toFile())));
        return new Stage(s.name(), p, s.httpPort(), s.dataDir(), s.log(), s.command());
    }

    private HttpResponse<String> get(Stage s, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.httpPort() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private JsonNode parties(Stage aggregate) throws IOException {
        HttpResponse<String> r = get(aggregate, "/api/parties");
        if (r == null || r.statusCode() != 200) {
            return null;
        }
        JsonNode body = json.readTree(r.body());
        return body.get("incomplete").isEmpty() ? body.get("parties") : null;
    }

    private boolean ready(Stage s) {
        HttpResponse<String> r = get(s, "/health/ready");
        return r != null && r.statusCode() == 200;
    }

    /** The parties once they stay the same for ten seconds and every given instance answers them alike. */
    private JsonNode settled(Stage... aggregates) throws IOException {
        String[] last = {""};
        long[] since = {System.nanoTime()};
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<String> answers = new ArrayList<>();
            for (Stage a : aggregates) {
                assertThat(a.process().isAlive()).as(() -> a.name() + " is alive; the end of " + a.log() + ":\n"
                        + CrashRecoveryIT.logTail(a.log(), 15)).isTrue();
                JsonNode p = parties(a);
                answers.add(p == null ? "" : p.toString());
            }
            String now = answers.get(0);
            boolean alike = answers.stream().allMatch(now::equals) && !now.isEmpty() && !now.equals("[]");
            if (!alike || !now.equals(last[0])) {
                last[0] = alike ? now : "";
                since[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - since[0] > Duration.ofSeconds(10).toNanos();
        });
        return parties(aggregates[0]);
    }

    /** The single-instance run's figures, made once for both tests (the corpus is the same). */
    private static JsonNode expected;

    /** One of each stage: the figures two of each must reach. */
    private JsonNode singleInstanceRun(Path dir, Path feed) throws Exception {
        if (expected != null) {
            return expected;
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(null, 0)) {
            Stage ingest = start(dir, "single-ingest", kafka.bootstrapServers(), feed, "ingest");
            Stage enrich = start(dir, "single-enrich", kafka.bootstrapServers(), feed, "enrich");
            Stage aggregate = start(dir, "single-aggregate", kafka.bootstrapServers(), feed, "aggregate");
            JsonNode parties = settled(aggregate);
            LOG.info("one instance of each: {} parties, {} statements counted", parties.size(), CrashRecoveryIT.statements(parties));
            for (Stage s : List.of(aggregate, enrich, ingest)) {
                s.process().destroy();
                s.process().waitFor(60, TimeUnit.SECONDS);
            }
            expected = parties;
            return parties;
        }
    }

    private void twoOfEachSurviveTheStopOfOne(Path dir, boolean kill) throws Exception {
        Path feed = CrashRecoveryIT.feed(dir, 30);
        JsonNode expected = singleInstanceRun(dir, feed);
        long total = CrashRecoveryIT.statements(expected);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(null, 0)) {
            String bootstrap = kafka.bootstrapServers();
            TopicSetup.ensureTopics(org.parley.schemas.KafkaClientConfig.of(bootstrap), 3, (short) 1);
            Stage enrich1 = start(dir, "enrich-1", bootstrap, feed, "enrich");
            Stage enrich2 = start(dir, "enrich-2", bootstrap, feed, "enrich");
            Stage aggregate1 = start(dir, "aggregate-1", bootstrap, feed, "aggregate");
            Stage aggregate2 = start(dir, "aggregate-2", bootstrap, feed, "aggregate");
            await().atMost(Duration.ofMinutes(2)).until(() -> ready(enrich1) && ready(enrich2) && ready(aggregate1) && ready(aggregate2));
            Stage ingest = start(dir, "ingest", bootstrap, feed, "ingest");

            // Mid-stream: once a quarter of the statements are counted, stop one instance of each.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode p = parties(aggregate1);
                return p != null && CrashRecoveryIT.statements(p) >= total / 4;
            });
            long countedAtStop = CrashRecoveryIT.statements(parties(aggregate1));
            long t0 = System.nanoTime();
            for (Stage s : List.of(enrich2, aggregate2)) {
                if (kill) {
                    s.process().destroyForcibly();
                } else {
                    s.process().destroy();
                }
            }
            for (Stage s : List.of(enrich2, aggregate2)) {
                assertThat(s.process().waitFor(60, TimeUnit.SECONDS)).as("%s stops within 60 s", s.name()).isTrue();
            }
            long stoppedMs = (System.nanoTime() - t0) / 1_000_000;
            // The survivors take over: the survivor counts on from where the pair stood.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode p = parties(aggregate1);
                return ready(aggregate1) && p != null && CrashRecoveryIT.statements(p) > countedAtStop;
            });
            long takeOverMs = (System.nanoTime() - t0) / 1_000_000;
            JsonNode survivors = settled(aggregate1);
            LOG.info("{}: {} of {} statements counted at the stop; stopped in {} ms; the survivors counted on {} ms after the stop; "
                    + "they alone reached {} statements", kill ? "SIGKILL" : "SIGTERM", countedAtStop, total, stoppedMs, takeOverMs,
                    CrashRecoveryIT.statements(survivors));
            assertThat(survivors).as("the survivors alone").isEqualTo(expected);

            // The stopped instances start again on their data directories: both aggregate instances answer alike.
            Stage enrich2again = launch(enrich2);
            Stage aggregate2again = launch(aggregate2);
            await().atMost(Duration.ofMinutes(2)).until(() -> ready(enrich2again) && ready(aggregate2again));
            JsonNode both = settled(aggregate1, aggregate2again);
            assertThat(both).as("from either instance, after the restart").isEqualTo(expected);
            assertThat(parties(aggregate2again)).isEqualTo(expected);

            Map<String, Integer> enriched = CrashRecoveryIT.enriched(Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)));
            long twice = enriched.values().stream().filter(n -> n > 1).count();
            long statements = TopicReader.readAll(new KafkaCluster(bootstrap, "embedded"), Topics.STATEMENTS.name()).size();
            LOG.info("{}: {} statements, {} enriched, {} enriched twice", kill ? "SIGKILL" : "SIGTERM", statements, enriched.size(), twice);
            assertThat(twice).as("statements enriched twice").isZero();
            assertThat(enriched).as("every statement enriched").hasSize((int) statements);
            for (Stage s : List.of(ingest, enrich1, aggregate1, enrich2again, aggregate2again)) {
                s.process().destroy();
                assertThat(s.process().waitFor(60, TimeUnit.SECONDS)).as("%s stops on SIGTERM within 60 s (log: %s)", s.name(), s.log())
                        .isTrue();
            }
        }
    }

    @Test
    void twoOfEachAfterASigtermOfOneGiveTheFiguresOfOne(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        twoOfEachSurviveTheStopOfOne(dir, false);
    }

    @Test
    void twoOfEachAfterASigkillOfOneGiveTheFiguresOfOne(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        twoOfEachSurviveTheStopOfOne(dir, true);
    }
}

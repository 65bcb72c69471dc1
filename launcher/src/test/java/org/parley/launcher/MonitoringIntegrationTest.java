package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topics;

/**
 * The monitoring files against the whole pipeline on the bundled sample: every metric the Grafana
 * dashboard and the alert rules read is on {@code /metrics}, and Debian's Prometheus, run with the
 * project's rules, finds its target up, scrapes {@code parley_party_index} and evaluates every rule
 * without error. CI installs the {@code prometheus} package and sets
 * {@code PARLEY_REQUIRE_PROMETHEUS}; elsewhere the Prometheus part is skipped without it. On a
 * broker of its own: the pipeline must count the sample from the start, and the record it
 * dead-letters must not reach the other tests' topics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringIntegrationTest {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private EmbeddedKafka kafka;
    private Pipeline pipeline;

    @BeforeAll
    void start(@TempDir Path dir) {
        kafka = EmbeddedKafka.start(null, 0);
        TopicSetup.ensureTopics(KafkaClientConfig.of(kafka.bootstrapServers()), 2, (short) 1);
        pipeline = Pipeline.start(SamplePipeline.config(kafka.bootstrapServers(), dir.resolve("streams")));
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String metrics() throws Exception {
        return get("http://127.0.0.1:" + pipeline.httpPort() + "/metrics");
    }

    @Test
    void everyMetricTheDashboardAndTheRulesReadIsExported() throws Exception {
        // A record that is not a statement: enrich dead-letters it, and the dead-letter counter by reason appears.
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.STATEMENTS.name(), "bad", "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
        Set<String> read = new TreeSet<>();
        DeploymentTest.expressions().forEach(e -> read.addAll(DeploymentTest.metricNames(e)));
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> exported = new TreeSet<>();
            metrics().lines().filter(l -> !l.startsWith("#")).forEach(l -> exported.add(l.replaceFirst("[{ ].*", "")));
            assertThat(exported).containsAll(read);
        });
    }

    @Test
    void prometheusWithTheProjectsRulesScrapesThePipeline(@TempDir Path dir) throws Exception {
        boolean available = Files.isExecutable(PROMETHEUS);
        String missing = "no Prometheus at " + PROMETHEUS + ": install Debian's prometheus package (.ci/run does) to run it";
        if (System.getenv("PARLEY_REQUIRE_PROMETHEUS") != null) {
            assertThat(available).as(missing).isTrue();
        }
        assumeTrue(available, missing);
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> metrics().contains("parley_party_index{"));

        Path config = dir.resolve("prometheus.yml");
        new ObjectMapper(new YAMLFactory()).writeValue(config.toFile(), Map.of(
                "global", Map.of("scrape_interval", "1s", "evaluation_interval", "1s"),
                "rule_files", List.of(DeploymentTest.ROOT.resolve("deploy/prometheus/rules.yml").toAbsolutePath().normalize().toString()),
                "scrape_configs", List.of(Map.of("job_name", "parley-aggregate",
                        "static_configs", List.of(Map.of("targets", List.of("127.0.0.1:" + pipeline.httpPort())))))));
        int port = EmbeddedKafka.freePort();
        Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            String api = "http://127.0.0.1:" + port + "/api/v1/";
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                JsonNode targets = json.readTree(get(api + "targets")).at("/data/activeTargets");
                assertThat(targets).hasSize(1);
                assertThat(targets.get(0).get("health").asText()).as(targets.toString()).isEqualTo("up");
                JsonNode result = json.readTree(get(api + "query?query=" + URLEncoder.encode("parley_party_index",
                        StandardCharsets.UTF_8))).at("/data/result");
                assertThat(result).extracting(r -> r.at("/metric/party").asText()).contains("RUS", "UKR");
                JsonNode rules = json.readTree(get(api + "rules")).at("/data/groups/0/rules");
                assertThat(rules).hasSize(4).allSatisfy(r -> {
                    assertThat(r.get("health").asText()).as(r.toString()).isEqualTo("ok");
                    assertThat(r.has("lastEvaluation") && !r.get("lastEvaluation").asText().startsWith("0001")).isTrue();
                });
            });
        } finally {
            prometheus.destroy();
            prometheus.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

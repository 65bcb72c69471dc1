package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.aggregate.AggregateSettings;
import org.parley.aggregate.http.Windows;
import org.parley.enrich.Enricher;
import org.parley.ingest.poll.FeedPoller;
import org.parley.ingest.poll.FeedSpec;
import org.parley.ingest.poll.PollPolicy;
import org.parley.schemas.KafkaClientConfig;

/**
 * A cluster that requires authentication, as every managed Kafka service does: the embedded
 * broker with a SASL/PLAIN listener. With credentials from a --kafka-config file the whole
 * pipeline runs on it; with wrong ones the CLI stops at once with a one-line reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaslClusterIntegrationTest {

    private static final String PASSWORD = "parley-secret-4711";
    private EmbeddedKafka kafka;

    @BeforeAll
    void startBroker() {
        kafka = EmbeddedKafka.startWithSaslPlain(Map.of("parley", PASSWORD));
    }

    @AfterAll
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Path credentials(Path dir, String name, String password) throws Exception {
        return Files.writeString(dir.resolve(name), String.join("\n",
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=PLAIN",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"parley\" password=\"" + password + "\";"));
    }

    @Test
    void thePipelineRunsWithCredentialsFromAFile(@TempDir Path dir) throws Exception {
        KafkaClientConfig client = KafkaClientConfig.load(credentials(dir, "kafka.properties", PASSWORD), Map.of(),
                kafka.bootstrapServers());
        assertThat(client.toString()).doesNotContain(PASSWORD);
        TopicSetup.ensureTopics(client, 2, (short) 1);
        try (Pipeline pipeline = Pipeline.start(new Pipeline.Config(client, dir.resolve("streams"),
                List.of(FeedSpec.of(FeedOptions.SAMPLE_FEED)), PollPolicy.defaults(Duration.ofMinutes(5)), FeedPoller.Config.defaults(),
                new Pipeline.Http(0, "localhost", null), true, true, true, Enricher.bundled(), false, new Pipeline.AggregateConfig(
                        AggregateSettings.defaults(), Windows.parse(Windows.DEFAULT), List.of(), null)))) {
            HttpClient http = HttpClient.newHttpClient();
            ObjectMapper json = new ObjectMapper();
            JsonNode parties = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pipeline.httpPort()
                        + "/api/parties")).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? json.readTree(r.body()).get("parties") : null;
            }, p -> p != null && p.findValuesAsText("code").containsAll(List.of("RUS", "UKR")));
            assertThat(parties.findValuesAsText("code")).contains("RUS", "UKR");
        }
    }

    @Test
    void wrongCredentialsStopTheCliAtOnceWithOneLine(@TempDir Path dir) throws Exception {
        Path wrong = credentials(dir, "wrong.properties", "not-the-password");
        long t0 = System.nanoTime();
        CliTest.Result r = CliTest.run("ingest", "--bootstrap-servers", kafka.bootstrapServers(), "--kafka-config", wrong.toString());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip().lines()).singleElement().satisfies(line -> {
            assertThat(line).startsWith("parley ingest: ").containsIgnoringCase("authentication");
            assertThat(line).doesNotContain("not-the-password");
        });
    }

    @Test
    void aMissingConfigFileIsAUsageError(@TempDir Path dir) {
        CliTest.Result r = CliTest.run("enrich", "--kafka-config", dir.resolve("none.properties").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("parley enrich: --kafka-config: no such file: " + dir.resolve("none.properties"));
    }
}

package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.Stance;
import org.parley.avro.Statement;
import org.parley.avro.StatementKind;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topics;

/**
 * Two aggregate instances of one application on a real broker, each holding part of the
 * parties: a request to either returns the full answer, and a party's own requests are answered
 * by the instance that holds it.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterQueryIntegrationTest {

    static final List<String> PARTIES = List.of("RUS", "UKR", "USA", "CHN", "TUR", "QAT", "EU", "NATO", "DEU", "FRA");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Pipeline> instances = new ArrayList<>();
    private KafkaCluster kafka;

    @BeforeAll
    void start(KafkaCluster kafka, @TempDir Path dir) {
        this.kafka = kafka;
        TopicSetup.ensureTopics(KafkaClientConfig.of(kafka.bootstrapServers()), 2, (short) 1);
        for (String name : List.of("a", "b")) {
            instances.add(Pipeline.start(new Pipeline.Config(KafkaClientConfig.of(kafka.bootstrapServers()), dir.resolve(name), List.of(), null, null,
                    new Pipeline.Http(0, "127.0.0.1", null), false, false, true, null, false, null)));
        }
    }

    @AfterAll
    void stop() {
        instances.forEach(Pipeline::close);
    }

    @Test
    void eitherInstanceAnswersForEveryParty() throws Exception {
        publish();
        String a = url(instances.get(0));
        String b = url(instances.get(1));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(codes(a + "/api/parties", false)).containsAll(PARTIES);
            assertThat(codes(b + "/api/parties", false)).containsAll(PARTIES);
        });
        Set<String> onA = codes(a + "/api/parties", true);
        Set<String> onB = codes(b + "/api/parties", true);
        assertThat(onA).as("each instance holds part of the parties").isNotEmpty().doesNotContainAnyElementsOf(onB);
        assertThat(onB).isNotEmpty();
        assertThat(codes(a + "/api/parties", false)).isEqualTo(codes(b + "/api/parties", false));

        String heldByA = PARTIES.stream().filter(onA::contains).findFirst().orElseThrow();
        HttpResponse<String> routed = get(b + "/api/parties/" + heldByA, false);
        assertThat(routed.statusCode()).isEqualTo(200);
        assertThat(routed.headers().firstValue("X-Parley-Answered-By")).hasValue(a);
        assertThat(json.readTree(routed.body()).get("code").asText()).isEqualTo(heldByA);
        assertThat(get(b + "/api/parties/" + heldByA, true).statusCode()).as("B alone does not hold it").isEqualTo(404);

        String heldByB = PARTIES.stream().filter(onB::contains).findFirst().orElseThrow();
        JsonNode statements = json.readTree(get(a + "/api/statements?party=" + heldByB, false).body()).get("statements");
        assertThat(statements).extracting(s -> s.get("id").asText()).contains("cluster-test-" + heldByB + ":0");
        JsonNode all = json.readTree(get(a + "/api/statements?since=2025-06-01&limit=100", false).body()).get("statements");
        assertThat(all).extracting(s -> s.get("party").asText()).containsAll(PARTIES);
    }

    private Set<String> codes(String url, boolean local) throws Exception {
        HttpResponse<String> r = get(url, local);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("incomplete")).as("every instance answered: %s", r.body()).isEmpty();
        Set<String> out = new HashSet<>();
        body.get("parties").forEach(p -> out.add(p.get("code").asText()));
        return out;
    }

    private HttpResponse<String> get(String url, boolean local) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (local) {
            b.header("X-Parley-Scope", "local");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String url(Pipeline p) {
        return "http://127.0.0.1:" + p.httpPort();
    }

    private void publish() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (String party : PARTIES) {
                Instant t = Instant.parse("2025-06-01T12:00:00Z");
                String text = party + " said it was ready for talks.";
                Statement s = Statement.newBuilder().setId("cluster-test-" + party + ":0").setArticleId("cluster-test-" + party)
                        .setIndex(0).setText(text).setStart(0).setEnd(text.length()).setParagraph(0)
                        .setKind(StatementKind.NARRATION).setPublishedAt(t).setSource("test")
                        .setUrl("https://example.org/" + party).build();
                EnrichedStatement e = EnrichedStatement.newBuilder().setStatement(s).setParty(party).setStance(Stance.OPEN)
                        .setScore(0.4).setCues(List.of("test")).setRulesVersion("test").setEnrichedAt(t).build();
                producer.send(new ProducerRecord<>(Topics.ENRICHED.name(), s.getArticleId(), Topics.ENRICHED.valueSerde().encode(e)));
            }
            producer.flush();
        }
    }
}

package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
import org.parley.aggregate.AggregateSettings;
import org.parley.aggregate.http.Windows;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.Stance;
import org.parley.avro.Statement;
import org.parley.avro.StatementKind;
import org.parley.ingest.poll.FeedPoller;
import org.parley.ingest.poll.FeedSpec;
import org.parley.ingest.poll.PollPolicy;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topics;

/**
 * The API's contract: the whole pipeline runs on the bundled sample, and a real response of every
 * operation the served OpenAPI description lists (success and error) is validated against the
 * schema the description gives for it, with a JSON-schema validator. The schemas are strict
 * (every field required, nulls only where declared, no other field), so a response whose shape
 * drifts from the description fails here; an operation the test does not call fails it too.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiContractTest {

    private static final String ADMIN = "contract-admin";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> called = new TreeSet<>();
    private KafkaCluster kafka;
    private Pipeline pipeline;
    private JsonNode description;

    @BeforeAll
    void start(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        this.kafka = kafka;
        TopicSetup.ensureTopics(KafkaClientConfig.of(kafka.bootstrapServers()), 2, (short) 1);
        pipeline = Pipeline.start(new Pipeline.Config(KafkaClientConfig.of(kafka.bootstrapServers()), dir.resolve("streams"),
                List.of(FeedSpec.of(FeedOptions.SAMPLE_FEED)), PollPolicy.defaults(Duration.ofMinutes(5)), FeedPoller.Config.defaults(),
                new Pipeline.Http(0, "localhost", ADMIN), true, true, true, null, false,
                new Pipeline.AggregateConfig(AggregateSettings.defaults().withAlertHorizon(AggregateOptions.ARCHIVE_ALERT_HORIZON),
                        Windows.parse(Windows.DEFAULT), List.of(), null)));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<String> r = send(request("/api/alerts"));
            return r.statusCode() == 200 && json.readTree(r.body()).get("alerts").size() > 0;
        });
        description = json.readTree(send(request("/api/openapi.json")).body());
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyOperationAnswersAsItsDescriptionSays() throws Exception {
        check("get", "/api/openapi.json", "/api/openapi.json", 200);
        HttpResponse<String> metrics = check("get", "/metrics", "/metrics", 200);
        assertThat(metrics.body()).contains("parley_");
        HttpResponse<String> live = check("get", "/health/live", "/health/live", 200);
        assertThat(json.readTree(live.body()).get("checks")).extracting(c -> c.get("name").asText())
                .containsExactly("parley-enrich", "parley-aggregate-v3");
        HttpResponse<String> ready = check("get", "/health/ready", "/health/ready", 200);
        assertThat(json.readTree(ready.body()).get("checks")).extracting(c -> c.get("name").asText() + " " + c.get("status").asText())
                .containsExactly("parley-enrich UP", "parley-aggregate-v3 UP", "kafka UP");

        check("get", "/api/parties", "/api/parties", 200);
        check("get", "/api/parties/{code}", "/api/parties/RUS", 200);
        check("get", "/api/parties/{code}", "/api/parties/XYZ", 404);
        check("get", "/api/parties/{code}", "/api/parties/RUS?at=tomorrow", 400);
        check("get", "/api/parties/{code}/history", "/api/parties/RUS/history?from=2022-01-01&to=2025-12-31&step=30d", 200);
        check("get", "/api/parties/{code}/history", "/api/parties/RUS/history?step=week", 400);
        HttpResponse<String> csv = check("get", "/api/parties/{code}/history", "/api/parties/RUS/history?format=csv", 200);
        assertThat(csv.body().lines().findFirst()).hasValue("from,to,statements,open,conditional,closed,meanScore,index,band,baseline");
        check("get", "/api/statements", "/api/statements?limit=200", 200);
        check("get", "/api/statements", "/api/statements?party=RUS&stance=CLOSED&since=2022-01-01", 200);
        check("get", "/api/statements", "/api/statements?limit=0", 400);
        check("get", "/api/alerts", "/api/alerts?limit=100", 200);
        check("get", "/api/alerts", "/api/alerts?party=R", 400);

        HttpResponse<String> feeds = check("get", "/api/feeds", "/api/feeds", 200);
        String id = json.readTree(feeds.body()).get("feeds").get(0).get("id").asText();
        check("get", "/api/feeds/{id}", "/api/feeds/" + id, 200);
        check("get", "/api/feeds/{id}", "/api/feeds/0123", 404);
        HttpResponse<String> added = check("post", "/api/feeds", admin(request("/api/feeds")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"http://127.0.0.1:1/feed.xml\", \"interval\": \"1h\"}"))), 201);
        String newId = json.readTree(added.body()).get("id").asText();
        check("post", "/api/feeds", request("/api/feeds").POST(HttpRequest.BodyPublishers.ofString("{}")), 401);
        check("post", "/api/feeds", admin(request("/api/feeds").POST(HttpRequest.BodyPublishers.ofString("[1"))), 400);
        check("post", "/api/feeds/{id}/resume", admin(request("/api/feeds/0123/resume").POST(HttpRequest.BodyPublishers.noBody())), 404);
        check("delete", "/api/feeds/{id}", admin(request("/api/feeds/" + newId).DELETE()), 204);
        check("delete", "/api/feeds/{id}", admin(request("/api/feeds/" + newId).DELETE()), 404);

        streamEventsMatchTheirSchemas();

        assertThat(called).as("every described operation is called, and only those").isEqualTo(described());
    }

    @Test
    void anIngestOnlyProcessServesTheFeedsApiAlone() throws Exception {
        try (Pipeline ingest = Pipeline.start(new Pipeline.Config(KafkaClientConfig.of(kafka.bootstrapServers()), null, List.of(),
                PollPolicy.defaults(Duration.ofMinutes(5)), FeedPoller.Config.defaults(), new Pipeline.Http(0, "localhost", null),
                true, false, false, null, false, null))) {
            String base = "http://127.0.0.1:" + ingest.httpPort();
            JsonNode paths = json.readTree(send(HttpRequest.newBuilder(URI.create(base + "/api/openapi.json"))).body()).get("paths");
            assertThat(paths.fieldNames()).toIterable().containsExactlyInAnyOrder("/api/openapi.json", "/metrics", "/health/live",
                    "/health/ready", "/api/feeds", "/api/feeds/{id}", "/api/feeds/{id}/resume");
            HttpResponse<String> parties = send(HttpRequest.newBuilder(URI.create(base + "/api/parties")));
            assertThat(parties.statusCode()).isEqualTo(404);
            assertThat(json.readTree(parties.body()).get("error").asText()).contains("no such resource");
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/"))).statusCode()).as("no dashboard").isEqualTo(404);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/feeds"))).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anEnrichOnlyProcessServesMetricsAndHealthAlone(@TempDir Path dir) throws Exception {
        try (Pipeline enrich = Pipeline.start(new Pipeline.Config(KafkaClientConfig.of(kafka.bootstrapServers()), dir, List.of(),
                null, null, new Pipeline.Http(0, "localhost", null), false, true, false, null, false, null))) {
            String base = "http://127.0.0.1:" + enrich.httpPort();
            JsonNode paths = json.readTree(send(HttpRequest.newBuilder(URI.create(base + "/api/openapi.json"))).body()).get("paths");
            assertThat(paths.fieldNames()).toIterable().containsExactlyInAnyOrder("/api/openapi.json", "/metrics", "/health/live",
                    "/health/ready");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> ready = send(HttpRequest.newBuilder(URI.create(base + "/health/ready")));
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(validate(ref("Health"), json.readTree(ready.body()))).isEmpty();
            });
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/metrics"))).body()).contains("kafka_stream");
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/parties"))).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theReadmeListsEveryOperationAndNoOther() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = java.nio.file.Files.readString(readme);
        int start = text.indexOf("### HTTP API");
        String section = text.substring(start, text.indexOf("\n### ", start + 1));
        Set<String> listed = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`(GET|POST|DELETE|PUT|PATCH) (/[^`?\\s]*)").matcher(section);
        while (m.find()) {
            listed.add(m.group(1).toLowerCase(java.util.Locale.ROOT) + " " + m.group(2));
        }
        listed.remove("get /");   // the dashboard: a page, not an operation
        assertThat(listed).as("the operations README.md's HTTP API section names").isEqualTo(described());
    }

    private Set<String> described() {
        Set<String> described = new TreeSet<>();
        description.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(method -> described.add(method + " " + p.getKey())));
        return described;
    }

    @Test
    void theValidatorRejectsABodyThatDriftsFromItsSchema() throws Exception {
        ObjectNode party = (ObjectNode) json.readTree(send(request("/api/parties/RUS")).body());
        assertThat(validate(ref("PartyDetail"), party)).isEmpty();
        ObjectNode extra = party.deepCopy().put("surprise", 1);
        ObjectNode missing = party.deepCopy();
        missing.remove("band");
        ObjectNode retyped = party.deepCopy().put("statements", "many");
        ObjectNode nulled = party.deepCopy();
        nulled.putNull("code");
        ObjectNode deep = party.deepCopy();
        ((ObjectNode) deep.get("trend")).put("direction", 3);
        for (ObjectNode drifted : List.of(extra, missing, retyped, nulled, deep)) {
            assertThat(validate(ref("PartyDetail"), drifted)).as(drifted.toString()).isNotEmpty();
        }
        ObjectNode lastSpeaker = party.deepCopy();
        lastSpeaker.putNull("lastSpeaker");
        assertThat(validate(ref("PartyDetail"), lastSpeaker)).as("declared nullable").isEmpty();
    }

    /** The event stream: a statement published while connected arrives as a snapshot event whose data is a PartySummary. */
    private void streamEventsMatchTheirSchemas() throws Exception {
        check("get", "/api/stream", "/api/stream", 406);
        HttpResponse<InputStream> r = http.send(request("/api/stream").header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        called.add("get /api/stream");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<String[]> event = CompletableFuture.supplyAsync(() -> {
                try {
                    String name = null;
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.startsWith("event: ")) {
                            name = line.substring(7);
                        } else if (line.startsWith("data: ") && "snapshot".equals(name)) {
                            return new String[] {name, line.substring(6)};
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            publishStatement("QAT");
            String[] got = event.get(30, TimeUnit.SECONDS);
            assertThat(got).isNotNull();
            List<String> problems = validate(ref("PartySummary"), json.readTree(got[1]));
            assertThat(problems).as("snapshot event %s", got[1]).isEmpty();
        }
    }

    private void publishStatement(String party) throws Exception {
        String text = "Qatar said it stands ready to host direct negotiations between the two sides.";
        Instant at = Instant.parse("2025-05-12T09:00:00Z");
        Statement s = Statement.newBuilder().setId("contract-test:0").setArticleId("contract-test").setIndex(0).setText(text)
                .setStart(0).setEnd(text.length()).setParagraph(0).setKind(StatementKind.REPORTED_SPEECH).setPublishedAt(at)
                .setSource("test").setUrl("https://example.org/contract-test").build();
        EnrichedStatement e = EnrichedStatement.newBuilder().setStatement(s).setParty(party).setStance(Stance.OPEN).setScore(0.4)
                .setCues(List.of("ready to host")).setRulesVersion("test").setEnrichedAt(at).build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.ENRICHED.name(), s.getArticleId(), Topics.ENRICHED.valueSerde().encode(e))).get();
        }
    }

    private HttpResponse<String> check(String method, String template, String path, int status) throws Exception {
        return check(method, template, request(path), status);
    }

    /**
     * Sends the request, expects the status, and validates a JSON body against the schema the
     * description gives for this operation and status (the Error schema for errors).
     */
    private HttpResponse<String> check(String method, String template, HttpRequest.Builder request, int status) throws Exception {
        HttpResponse<String> r = send(request);
        assertThat(r.statusCode()).as("%s %s: %s", method, template, r.body()).isEqualTo(status);
        JsonNode operation = description.path("paths").path(template).path(method);
        assertThat(operation.isMissingNode()).as("%s %s is described", method, template).isFalse();
        JsonNode response = operation.path("responses").path(String.valueOf(status));
        assertThat(response.isMissingNode()).as("%s %s describes status %d", method, template, status).isFalse();
        String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
        if (status != 204) {
            assertThat(response.path("content").has(type)).as("%s %s %d is described as %s", method, template, status, type).isTrue();
        }
        JsonNode schema = response.path("content").path(type).path("schema");
        if (type.equals("application/json") && schema.has("$ref")) {
            List<String> problems = validate(schema.get("$ref").asText(), json.readTree(r.body()));
            assertThat(problems).as("%s %s %d against %s", method, template, status, schema.get("$ref").asText()).isEmpty();
        }
        called.add(method + " " + template);
        return r;
    }

    private static String ref(String schema) {
        return "#/components/schemas/" + schema;
    }

    /** What is wrong with a body against a schema of the description ("#/components/schemas/X"). */
    private List<String> validate(String ref, JsonNode body) {
        ObjectNode root = json.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$ref", ref);
        root.set("components", description.get("components"));
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
        Set<ValidationMessage> messages = schema.validate(body);
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pipeline.httpPort() + path)).timeout(Duration.ofSeconds(30));
    }

    private static HttpRequest.Builder admin(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

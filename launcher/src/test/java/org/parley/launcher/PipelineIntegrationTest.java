package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import org.parley.ingest.poll.FeedPoller;
import org.parley.ingest.poll.FeedSpec;
import org.parley.ingest.poll.PollPolicy;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topic;
import org.parley.schemas.Topics;

/**
 * The whole pipeline on a real broker with the bundled sample feed (plus one unsafe feed file and
 * one garbage record, which must end as dead letters), checked through the HTTP API and by reading
 * every topic back with plain Avro and the published .avsc files only.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineIntegrationTest {

    /** Key of the record this test writes to the statements topic, which is not Avro on purpose. */
    private static final String INJECTED_GARBAGE = "injected-by-test-garbage";
    private static final String ADMIN_TOKEN = "integration-test-token";
    private static final Path AVSC_DIR = Path.of("..", "schemas", "src", "main", "avro");

    private KafkaCluster kafka;
    private String unsafeFeedPath;
    private Pipeline pipeline;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void startPipeline(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        this.kafka = kafka;
        Path unsafeFeed = Files.writeString(dir.resolve("xxe.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <rss version="2.0"><channel><title>&x;</title></channel></rss>""");
        unsafeFeedPath = unsafeFeed.toString();
        TopicSetup.ensureTopics(KafkaClientConfig.of(kafka.bootstrapServers()), 2, (short) 1);
        pipeline = Pipeline.start(new Pipeline.Config(KafkaClientConfig.of(kafka.bootstrapServers()), dir.resolve("streams"),
                List.of(FeedSpec.of(FeedOptions.SAMPLE_FEED), FeedSpec.of(unsafeFeed.toString())),
                PollPolicy.defaults(Duration.ofMinutes(5)), FeedPoller.Config.defaults(), new Pipeline.Http(0, "localhost", ADMIN_TOKEN),
                true, true, true, null, false, new Pipeline.AggregateConfig(
                        AggregateSettings.defaults().withAlertHorizon(AggregateOptions.ARCHIVE_ALERT_HORIZON),
                        Windows.parse(Windows.DEFAULT), List.of(), null)));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.STATEMENTS.name(), INJECTED_GARBAGE, "not a statement".getBytes())).get();
        }
    }

    @AfterAll
    void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void partiesOfTheSampleAppearInTheApiWithinAMinute() {
        JsonNode parties = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(this::parties, p -> p != null && codes(p).containsAll(List.of("RUS", "UKR")));
        JsonNode rus = null;
        for (JsonNode p : parties) {
            if (p.get("code").asText().equals("RUS")) {
                rus = p;
            }
        }
        assertThat(rus).isNotNull();
        assertThat(rus.get("statements").asInt()).isPositive();
        assertThat(rus.get("meanScore").asDouble()).isBetween(-1.0, 1.0);
        assertThat(rus.get("index").asDouble()).isBetween(-1.0, 1.0);
        assertThat(rus.get("band").asDouble()).isPositive();
        // The yearly history adds up to the party's statement count (read together, as more may still arrive).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> h = get("/api/parties/RUS/history?from=2022-01-01&to=2025-12-31&step=365d");
            HttpResponse<String> p = get("/api/parties/RUS");
            if (h.statusCode() != 200 || p.statusCode() != 200) {
                return false;
            }
            long total = 0;
            for (JsonNode point : json.readTree(h.body()).get("points")) {
                total += point.get("statements").asLong();
            }
            return total > 0 && total == json.readTree(p.body()).get("statements").asLong();
        });
    }

    @Test
    void recordsOnEveryTopicDecodeWithPlainAvroAndTheAvscFilesOnly() throws Exception {
        Map<Long, Schema> byFingerprint = schemasFromFiles();
        for (Topic<?> topic : Topics.all()) {
            List<GenericRecord> records = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> readAll(topic.name(), byFingerprint), r -> !r.isEmpty());
            for (GenericRecord r : records) {
                assertThat(r.getSchema().getName()).as(topic.name()).isEqualTo(topic.valueType().getSimpleName());
            }
        }
        List<GenericRecord> deadLetters = readAll(Topics.DEAD_LETTERS.name(), byFingerprint);
        assertThat(deadLetters).extracting(r -> r.get("stage") + "/" + r.get("errorType"))
                .contains("ingest/MalformedFeed", "enrich/UndecodableRecord");
    }

    @Test
    void feedHealthIsServedAndFeedsAreAddedOnlyWithTheAdminToken() throws Exception {
        JsonNode feeds = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> json.readTree(get("/api/feeds").body()).get("feeds"),
                        f -> f.size() == 2 && !f.get(0).get("lastPoll").isNull() && !f.get(1).get("lastPoll").isNull());
        assertThat(feeds.get(0).get("status").asText()).isEqualTo("OK");
        // Items, not new articles: another test class on the same broker may have published the sample's articles already.
        assertThat(feeds.get(0).get("lastItems").asInt()).isPositive();
        assertThat(feeds.get(1).get("status").asText()).isEqualTo("FAILING");
        assertThat(feeds.get(1).get("lastErrorType").asText()).isEqualTo("MalformedFeed");

        String body = "{\"url\": \"http://127.0.0.1:9/feed.xml\", \"name\": \"added\"}";
        assertThat(post("/api/feeds", body, null).statusCode()).isEqualTo(401);
        assertThat(post("/api/feeds", body, "wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> added = post("/api/feeds", body, ADMIN_TOKEN);
        assertThat(added.statusCode()).isEqualTo(201);
        String id = json.readTree(added.body()).get("id").asText();
        assertThat(json.readTree(get("/api/feeds").body()).get("feeds")).hasSize(3);
        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(uri("/api/feeds/" + id))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(get("/api/feeds?format=opml").body()).contains("<opml").contains("sample-feed.xml");
        assertThat(get("/api/openapi.json").statusCode()).isEqualTo(200);
        assertThat(get("/api/alerts").statusCode()).isEqualTo(200);

        String metrics = get("/metrics").body();
        assertThat(metrics).contains("parley_feed_consecutive_failures{feed=\"" + unsafeFeedPath + "\"} 1.0")
                .contains("parley_feed_articles_total{feed=\"" + FeedOptions.SAMPLE_FEED + "\"}")
                .contains("parley_dead_letters_total{stage=\"ingest\"}")
                .contains("kafka_stream");
    }

    private java.net.URI uri(String path) {
        return URI.create("http://127.0.0.1:" + pipeline.httpPort() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode parties() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + pipeline.httpPort() + "/api/parties")).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? json.readTree(r.body()).get("parties") : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static List<String> codes(JsonNode parties) {
        List<String> out = new ArrayList<>();
        parties.forEach(p -> out.add(p.get("code").asText()));
        return out;
    }

    /** What a downstream consumer does: parse the published .avsc files and index them by fingerprint. */
    private static Map<Long, Schema> schemasFromFiles() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(AVSC_DIR)) {
            files = new ArrayList<>(s.filter(p -> p.toString().endsWith(".avsc")).toList());
        }
        assertThat(files).hasSize(Topics.all().size());
        Map<Long, Schema> out = new HashMap<>();
        List<String> parsedTexts = new ArrayList<>();
        // Files may name types defined in other files: parse each with those read before, until all are read.
        for (int round = 0; round < 10 && !files.isEmpty(); round++) {
            for (Path f : List.copyOf(files)) {
                Schema.Parser parser = new Schema.Parser();
                parsedTexts.forEach(parser::parse);
                String text = Files.readString(f);
                try {
                    Schema schema = parser.parse(text);
                    out.put(SchemaNormalization.parsingFingerprint64(schema), schema);
                    parsedTexts.add(text);
                    files.remove(f);
                } catch (org.apache.avro.AvroRuntimeException e) {
                    // it names a type of a file not read yet
                }
            }
        }
        assertThat(files).as("schema files that could not be parsed").isEmpty();
        return out;
    }

    private List<GenericRecord> readAll(String topic, Map<Long, Schema> schemas) throws Exception {
        List<GenericRecord> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(kafka, topic)) {
            if (!INJECTED_GARBAGE.equals(r.key())) {
                out.add(decode(r.value(), schemas));
            }
        }
        return out;
    }

    /** Avro single-object encoding: C3 01, the 8-byte little-endian fingerprint, the binary datum. */
    private static GenericRecord decode(byte[] value, Map<Long, Schema> schemas) throws Exception {
        assertThat(value[0]).isEqualTo((byte) 0xC3);
        assertThat(value[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema schema = schemas.get(fingerprint);
        assertThat(schema).as("schema with fingerprint %x among the .avsc files", fingerprint).isNotNull();
        return new GenericDatumReader<GenericRecord>(schema)
                .read(null, DecoderFactory.get().binaryDecoder(value, 10, value.length - 10, null));
    }
}

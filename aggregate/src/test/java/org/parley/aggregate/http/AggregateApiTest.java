package org.parley.aggregate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.parley.aggregate.Fixtures.copy;
import static org.parley.aggregate.Fixtures.enriched;
import static org.parley.aggregate.Fixtures.said;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.aggregate.AggregateSettings;
import org.parley.aggregate.AggregateTopology;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.Stance;
import org.parley.schemas.Topics;
import org.parley.web.WebServer;

/** The API over real HTTP on 127.0.0.1, answering from the stores of the aggregate topology fed by a test driver. */
class AggregateApiTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-24T12:00:00Z"), ZoneOffset.UTC);
    /** The statements span 25 days before CLOCK: an alert horizon of 30 days lets them all raise alerts. */
    static final AggregateSettings SETTINGS = AggregateSettings.defaults().withAlertHorizon(java.time.Duration.ofDays(30));
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<AutoCloseable> open = new java.util.ArrayList<>();
    private TopologyTestDriver driver;
    private Served server;

    /** One instance's server with the aggregate's routes. */
    record Served(WebServer web, AggregateApi api) implements AutoCloseable {
        int port() {
            return web.port();
        }

        EventHub events() {
            return api.events();
        }

        @Override
        public void close() {
            api.close();
            web.close();
        }
    }
    private boolean ready = true;

    @BeforeEach
    void start() throws Exception {
        driver = driver();
        server = server(driver, Cluster.single());
        send(driver, enriched("a:0", "RUS", Stance.OPEN, 0.4, "2024-05-30T10:00:00Z"), "Dmitry Peskov", "spokesperson");
        send(driver, said("b:0", "Sergei Lavrov", "foreign_minister", "RUS", Stance.CLOSED, -0.5, "2024-06-20T09:00:00Z",
                "territory", "the new regions"));
        EnrichedStatement c = said("c:0", "Vladimir Putin", "head_of_state", "RUS", Stance.CONDITIONAL, 0.2,
                "2024-06-24T08:00:00Z", "territory", "the four regions", "neutrality_nato", "give up NATO membership");
        send(driver, c, null, null);
        EnrichedStatement d = said("d:0", "Sergei Lavrov", "foreign_minister", "RUS", Stance.CLOSED, -0.5, "2024-06-23T20:00:00Z");
        d.setConfidence(0.87);
        send(driver, d);
        send(driver, copy(c, "e:0", "2024-06-24T09:30:00Z"), null, null);
        send(driver, enriched("f:0", "UKR", Stance.OPEN, 0.4, "2024-06-22T00:00:00Z"), null, null);
    }

    private TopologyTestDriver driver() {
        Properties p = new Properties();
        p.put("state.dir", System.getProperty("java.io.tmpdir") + "/parley-api-test-" + System.nanoTime());
        TopologyTestDriver d = new TopologyTestDriver(AggregateTopology.build(CLOCK, SETTINGS), p);
        open.add(d);
        return d;
    }

    private Served server(TopologyTestDriver d, Cluster cluster) throws Exception {
        StreamsOpennessQuery.StoreSource stores = new StreamsOpennessQuery.StoreSource() {
            @Override
            public <K, V> ReadOnlyKeyValueStore<K, V> store(String name) {
                if (!ready) {
                    throw new InvalidStateStoreException("rebalancing");
                }
                return d.getKeyValueStore(name);
            }
        };
        WebServer web = new WebServer(WebServer.Settings.of("127.0.0.1", 0).withStatic("/parley/dashboard"));
        AggregateApi api = new AggregateApi(CLOCK).mount(web)
                .serve(new StreamsOpennessQuery(stores), Windows.parse(Windows.DEFAULT), SETTINGS, cluster);
        Served s = new Served(web.start(), api);
        open.add(0, s);
        return s;
    }

    private static void send(TopologyTestDriver d, EnrichedStatement e, String speaker, String role) {
        if (speaker != null) {
            e.setSpeaker(speaker);
            e.setSpeakerRole(role);
        }
        send(d, e);
    }

    private static void send(TopologyTestDriver d, EnrichedStatement e) {
        TestInputTopic<String, byte[]> in = d.createInputTopic(Topics.ENRICHED.name(), new StringSerializer(), new ByteArraySerializer());
        in.pipeInput(e.getStatement().getArticleId(), Topics.ENRICHED.valueSerde().encode(e));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private HttpResponse<String> get(Served s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(String path) throws Exception {
        HttpResponse<String> r = get(server, path);
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    @Test
    void listsPartiesMostStatementsFirst() throws Exception {
        HttpResponse<String> r = get(server, "/api/parties");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode parties = json.readTree(r.body()).get("parties");
        assertThat(parties).extracting(p -> p.get("code").asText()).containsExactly("RUS", "UKR");
        JsonNode rus = parties.get(0);
        assertThat(rus.get("statements").asInt()).as("the syndicated copy counts once").isEqualTo(4);
        assertThat(rus.get("meanScore").asDouble()).isEqualTo(-0.1);
        assertThat(rus.get("direction").asText()).isEqualTo("MIXED");
    }

    @Test
    void partyViewHasRollingWindowsEndingAtTheTimeAsked() throws Exception {
        JsonNode w = body("/api/parties/rus?at=2024-06-24T12:00:00Z").get("windows");
        assertThat(w.fieldNames()).toIterable().containsExactly("24h", "7d", "30d");
        assertThat(w.get("24h").get("from").asText()).isEqualTo("2024-06-23T12:00:00Z");
        assertThat(w.get("24h").get("statements").asInt()).as("c (moved to 09:30 by its copy) and d").isEqualTo(2);
        assertThat(w.get("24h").get("meanScore").asDouble()).isEqualTo(-0.15);
        assertThat(w.get("7d").get("statements").asInt()).isEqualTo(3);
        assertThat(w.get("7d").get("meanScore").asDouble()).isEqualTo(-0.267);
        assertThat(w.get("30d").get("statements").asInt()).isEqualTo(4);
        assertThat(w.get("30d").get("open").asInt()).isEqualTo(1);
        // Earlier in time, the 24-hour window holds only d.
        JsonNode before = body("/api/parties/RUS?at=2024-06-24T06:00:00Z").get("windows");
        assertThat(before.get("24h").get("statements").asInt()).isEqualTo(1);
    }

    @Test
    void windowsShowWhoIsMovingTheMean() throws Exception {
        JsonNode speakers = body("/api/parties/RUS?at=2024-06-24T12:00:00Z").get("windows").get("7d").get("speakers");
        assertThat(speakers).extracting(s -> s.get("speaker").asText()).containsExactly("Sergei Lavrov", "Vladimir Putin");
        JsonNode lavrov = speakers.get(0);
        assertThat(lavrov.get("statements").asInt()).isEqualTo(2);
        assertThat(lavrov.get("meanScore").asDouble()).isEqualTo(-0.5);
        // The window's mean -0.267 against 0.2 without Lavrov; against -0.5 without Putin.
        assertThat(lavrov.get("pull").asDouble()).isEqualTo(-0.467);
        assertThat(speakers.get(1).get("pull").asDouble()).isEqualTo(0.233);
    }

    @Test
    void conditionsRankedByStatementsThenRecencyWithEvidence() throws Exception {
        JsonNode conditions = body("/api/parties/RUS?at=2024-06-24T12:00:00Z").get("windows").get("7d").get("conditions");
        assertThat(conditions).extracting(c -> c.get("topic").asText()).containsExactly("territory", "neutrality_nato");
        JsonNode territory = conditions.get(0);
        assertThat(territory.get("statements").asInt()).isEqualTo(2);
        assertThat(territory.get("lastStatedAt").asText()).as("as the first copy states it").isEqualTo("2024-06-24T08:00:00Z");
        assertThat(territory.get("evidence")).extracting(e -> e.get("text").asText())
                .containsExactly("the four regions", "the new regions");
        assertThat(territory.get("evidence").get(0).get("speaker").asText()).isEqualTo("Vladimir Putin");
        JsonNode day = body("/api/parties/RUS?at=2024-06-21T00:00:00Z").get("windows").get("24h").get("conditions");
        assertThat(day).extracting(c -> c.get("topic").asText()).containsExactly("territory");
    }

    @Test
    void partyViewHasTrendAndLatestEvidenceWithEveryOutlet() throws Exception {
        JsonNode rus = body("/api/parties/RUS?at=2024-06-24T12:00:00Z");
        JsonNode trend = rus.get("trend");
        assertThat(trend.get("since").asText()).isEqualTo("2024-06-17T12:00:00Z");
        // A week ago only a:0 (0.4) stood; now a, b, d and c (its first copy, at 08:00) weigh 2^(-(age)/7d) each, by their hour.
        double[] ages = {25 * 24 + 2, 4 * 24 + 3, 16, 4};
        double[] scores = {0.4, -0.5, -0.5, 0.2};
        double w = 0;
        double s = 0;
        for (int i = 0; i < ages.length; i++) {
            double wi = Math.pow(2, -ages[i] / (7 * 24.0));
            w += wi;
            s += wi * scores[i];
        }
        assertThat(trend.get("indexThen").asDouble()).isEqualTo(0.4);
        assertThat(trend.get("indexNow").asDouble()).isCloseTo(s / w, within(0.0005));
        assertThat(trend.get("direction").asText()).isEqualTo("CLOSING");
        JsonNode evidence = rus.get("evidence");
        assertThat(evidence).extracting(e -> e.get("id").asText()).as("copies are one statement: the first published")
                .containsExactly("c:0", "d:0", "b:0", "a:0");
        assertThat(evidence.get(0).get("mentions")).extracting(m -> m.get("url").asText())
                .containsExactly("https://example.org/c:0", "https://example.org/e:0");
        assertThat(evidence.get(0).get("mentions").get(0).get("source").asText()).as("the outlet: the article's host").isEqualTo("example.org");
        assertThat(evidence.get(0).get("publishedAt").asText()).as("first carried at").isEqualTo("2024-06-24T08:00:00Z");
        assertThat(evidence.get(0).get("speakerRole").asText()).isEqualTo("head_of_state");
    }

    @Test
    void statementsFilteredByPartyStanceAndTime() throws Exception {
        assertThat(body("/api/statements?party=RUS&stance=closed").get("statements"))
                .extracting(s -> s.get("id").asText()).containsExactly("d:0", "b:0");
        assertThat(body("/api/statements?party=RUS&stance=closed").get("statements"))
                .as("the stance model's probability where it decided, null where the rules did")
                .extracting(s -> s.get("confidence").isNull() ? null : s.get("confidence").asDouble()).containsExactly(0.87, null);
        assertThat(body("/api/statements?party=RUS&since=2024-06-21").get("statements"))
                .extracting(s -> s.get("id").asText()).containsExactly("c:0", "d:0");
        assertThat(body("/api/statements?party=RUS&since=2024-06-20&until=2024-06-24").get("statements"))
                .extracting(s -> s.get("id").asText()).containsExactly("d:0", "b:0");
        assertThat(body("/api/statements?party=RUS&speaker=Sergei%20Lavrov").get("statements"))
                .extracting(s -> s.get("id").asText()).containsExactly("d:0", "b:0");
        JsonNode all = body("/api/statements?limit=3").get("statements");
        assertThat(all).extracting(s -> s.get("id").asText()).containsExactly("c:0", "d:0", "f:0");
        assertThat(all.get(0).get("url").asText()).isEqualTo("https://example.org/c:0");
        assertThat(get(server, "/api/statements?stance=NONE").statusCode()).isEqualTo(400);
        assertThat(get(server, "/api/statements?since=yesterday").statusCode()).isEqualTo(400);
    }

    private static List<Map<String, String>> rows(String csv) throws Exception {
        try (com.fasterxml.jackson.databind.MappingIterator<Map<String, String>> it = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
                .readerFor(Map.class).with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            return it.readAll();
        }
    }

    @Test
    void statementsAndHistoryAsCsvForNotebooksAndSpreadsheets() throws Exception {
        HttpResponse<String> statements = get(server, "/api/statements?party=RUS&format=csv");
        assertThat(statements.statusCode()).isEqualTo(200);
        assertThat(statements.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(statements.body().lines().findFirst()).hasValue(
                "id,party,speaker,speakerRole,stance,score,confidence,publishedAt,source,url,mentions,cues,text");
        List<Map<String, String>> rows = rows(statements.body());
        assertThat(rows).extracting(r -> r.get("id")).containsExactly("c:0", "d:0", "b:0", "a:0");
        assertThat(rows.get(0)).containsEntry("speaker", "Vladimir Putin").containsEntry("stance", "CONDITIONAL")
                .containsEntry("mentions", "2").containsEntry("confidence", "");
        assertThat(rows.get(1)).containsEntry("confidence", "0.87").containsEntry("text", "Statement d:0");

        HttpResponse<String> history = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/parties/RUS/history?from=2024-05-27&to=2024-06-24&step=7d")).header("Accept", "text/csv").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(history.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(history.body().lines().findFirst()).hasValue("from,to,statements,open,conditional,closed,meanScore,index,band,baseline");
        List<Map<String, String>> points = rows(history.body());
        assertThat(points).extracting(r -> r.get("statements")).containsExactly("1", "0", "0", "2", "0");
        assertThat(points.get(0)).containsEntry("from", "2024-05-27T00:00:00Z").containsEntry("index", "0.4");
        assertThat(get(server, "/api/statements?format=json").headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    }

    @Test
    void historyGivesOnePointPerStepWithTheIndexAtItsEnd() throws Exception {
        JsonNode h = body("/api/parties/RUS/history?from=2024-05-27&to=2024-06-24&step=7d");
        JsonNode points = h.get("points");
        assertThat(points).hasSize(5);
        assertThat(points).extracting(p -> p.get("statements").asInt()).containsExactly(1, 0, 0, 2, 0);
        assertThat(points.get(3).get("from").asText()).isEqualTo("2024-06-17T00:00:00Z");
        assertThat(points.get(3).get("meanScore").asDouble()).isEqualTo(-0.5);
        assertThat(points.get(0).get("index").asDouble()).isEqualTo(0.4);
        // At 2024-06-24T00:00: a (24 d 14 h old), b (3 d 15 h), d (4 h).
        double wa = Math.pow(2, -(24 * 24 + 14) / 168.0);
        double wb = Math.pow(2, -(3 * 24 + 15) / 168.0);
        double wd = Math.pow(2, -4 / 168.0);
        assertThat(points.get(3).get("index").asDouble())
                .isCloseTo((0.4 * wa - 0.5 * wb - 0.5 * wd) / (wa + wb + wd), within(0.0005));
        // At the party's latest statement, the series reads as the party's figures do.
        JsonNode rus = body("/api/parties/RUS");
        JsonNode series = body("/api/parties/RUS/history?from=2024-06-01&to=" + rus.get("lastStatementAt").asText() + "&step=1d")
                .get("points");
        JsonNode last = series.get(series.size() - 1);
        assertThat(last.get("to").asText()).isEqualTo(rus.get("lastStatementAt").asText());
        for (String figure : List.of("index", "band", "baseline")) {
            assertThat(last.get(figure).asDouble()).as(figure).isCloseTo(rus.get(figure).asDouble(), within(0.0015));
        }
        assertThat(body("/api/parties/RUS/history?from=2024-06-24T00:00:00Z&to=2024-06-24T12:00:00Z&step=6h").get("points"))
                .extracting(p -> p.get("statements").asInt()).containsExactly(0, 1, 0);
        assertThat(get(server, "/api/parties/RUS/history?step=week").statusCode()).isEqualTo(400);
        assertThat(get(server, "/api/parties/RUS/history?from=2024-07-01&to=2024-06-01").statusCode()).isEqualTo(400);
        assertThat(json.readTree(get(server, "/api/parties/RUS/history?from=soon").body()).get("error").asText()).contains("YYYY-MM-DD");
    }

    @Test
    void alertsNewestFirstFilteredByPartyWithEvidence() throws Exception {
        JsonNode alerts = body("/api/alerts?party=rus&limit=5").get("alerts");
        assertThat(alerts).isNotEmpty();
        assertThat(alerts).allSatisfy(a -> assertThat(a.get("party").asText()).isEqualTo("RUS"));
        JsonNode key = alerts.findParents("kind").stream().filter(a -> a.get("kind").asText().equals("DIRECTION_CHANGE"))
                .findFirst().orElseThrow();
        assertThat(key.get("statement").asText()).isEqualTo("Statement b:0");
        assertThat(key.get("url").asText()).isEqualTo("https://example.org/b:0");
        assertThat(key.get("from").asText()).isEqualTo("OPEN");
        assertThat(body("/api/alerts?party=UKR").get("alerts")).isEmpty();
        assertThat(get(server, "/api/alerts?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void errorsAreJsonWithAStatus() throws Exception {
        HttpResponse<String> missing = get(server, "/api/parties/XYZ");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).get("error").asText()).contains("XYZ");
        HttpResponse<String> unknown = get(server, "/nothing/here");
        assertThat(json.readTree(unknown.body()).get("status").asInt()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/parties"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void openApiDescribesTheServedPaths() throws Exception {
        JsonNode paths = body("/api/openapi.json").get("paths");
        assertThat(paths.fieldNames()).toIterable().contains("/api/parties", "/api/parties/{code}", "/api/parties/{code}/history",
                "/api/statements", "/api/alerts", "/api/stream").doesNotContain("/api/feeds");
    }

    @Test
    void notReadyIs503WithRetryAfter() throws Exception {
        ready = false;
        HttpResponse<String> r = get(server, "/api/parties");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.body()).doesNotContain("Exception");
    }

    @Test
    void servesTheDashboardAndTheBundledChartLibrary() throws Exception {
        HttpResponse<String> page = get(server, "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/dashboard.js").contains("/webjars/").doesNotContain("@uplot.version@");
        HttpResponse<String> script = get(server, "/dashboard.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("/api/stream").contains("/api/parties");
        // Every library the page names is in the jar, at the version the build put in the page.
        java.util.regex.Matcher libs = java.util.regex.Pattern.compile("\"(/webjars/[^\"]+)\"").matcher(page.body());
        int found = 0;
        while (libs.find()) {
            HttpResponse<String> lib = get(server, libs.group(1));
            assertThat(lib.statusCode()).as(libs.group(1)).isEqualTo(200);
            found++;
        }
        assertThat(found).isGreaterThanOrEqualTo(2);
        HttpResponse<String> js = get(server, "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
        assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("javascript"));
        assertThat(get(server, "/webjars/../parley/dashboard/index.html").statusCode()).isIn(400, 404);
    }

    @Test
    void eventStreamDeliversPublishedEvents() throws Exception {
        assertThat(get(server, "/api/stream").statusCode()).as("without Accept: text/event-stream").isEqualTo(406);
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/stream"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.events().clients() == 1);
            server.events().publish("alert", Map.of("party", "RUS"));
            String line;
            String event = null;
            while ((line = in.readLine()) != null && !line.startsWith("data:")) {
                if (line.startsWith("event:")) {
                    event = line;
                }
            }
            assertThat(event).isEqualTo("event: alert");
            assertThat(line).isEqualTo("data: {\"party\":\"RUS\"}");
        }
    }

    @Test
    void eitherInstanceGivesTheFullAnswer() throws Exception {
        // A second instance that holds CHN; the first one holds RUS and UKR.
        TopologyTestDriver other = driver();
        send(other, enriched("g:0", "CHN", Stance.OPEN, 0.4, "2024-06-23T00:00:00Z"));
        String[] here = {null};
        Served second = server(other, new Cluster() {
            @Override
            public Optional<String> ownerOf(String party) {
                return party.equals("CHN") ? Optional.empty() : Optional.of(here[0]);
            }

            @Override
            public List<String> others() {
                return List.of(here[0]);
            }
        });
        here[0] = "http://127.0.0.1:" + server.port();
        JsonNode parties = json.readTree(get(second, "/api/parties").body()).get("parties");
        assertThat(parties).extracting(p -> p.get("code").asText()).containsExactly("RUS", "CHN", "UKR");
        HttpResponse<String> rus = get(second, "/api/parties/RUS?at=2024-06-24T12:00:00Z");
        assertThat(rus.statusCode()).isEqualTo(200);
        assertThat(rus.headers().firstValue("X-Parley-Answered-By")).hasValue(here[0]);
        assertThat(json.readTree(rus.body()).get("windows").get("7d").get("statements").asInt()).isEqualTo(3);
        assertThat(json.readTree(get(second, "/api/statements?limit=2").body()).get("statements"))
                .extracting(s -> s.get("id").asText()).containsExactly("c:0", "d:0");
        HttpResponse<String> routedCsv = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + second.port()
                + "/api/statements?party=RUS")).header("Accept", "text/csv").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(routedCsv.headers().firstValue("X-Parley-Answered-By")).hasValue(here[0]);
        assertThat(routedCsv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(rows(routedCsv.body())).extracting(r -> r.get("id")).containsExactly("c:0", "d:0", "b:0", "a:0");
        // An instance that does not answer is named, and the rest is still served.
        here[0] = "http://127.0.0.1:1";
        JsonNode partial = json.readTree(get(second, "/api/parties").body());
        assertThat(partial.get("parties")).extracting(p -> p.get("code").asText()).containsExactly("CHN");
        assertThat(partial.get("incomplete").get(0).asText()).isEqualTo("http://127.0.0.1:1");
        assertThat(get(second, "/api/parties/RUS").statusCode()).isEqualTo(503);
    }
}

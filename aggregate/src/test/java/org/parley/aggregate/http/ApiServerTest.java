package org.parley.aggregate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.aggregate.index.DayStats;
import org.parley.aggregate.index.OpennessAccumulator;
import org.parley.avro.PartyOpenness;
import org.parley.avro.Stance;

import static org.parley.aggregate.Fixtures.enriched;

/** The API over real HTTP on 127.0.0.1, answering from an in-memory store. */
class ApiServerTest {

    private final List<PartyOpenness> parties = new ArrayList<>();
    private boolean ready = true;
    private final List<org.parley.avro.StanceAlert> alerts = new ArrayList<>();
    private final java.util.TreeMap<java.time.LocalDate, DayStats> days = new java.util.TreeMap<>();
    private ApiServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        OpennessQuery query = new OpennessQuery() {
            @Override
            public List<PartyOpenness> all() {
                if (!ready) {
                    throw new NotReadyException("rebalancing", null);
                }
                return parties;
            }

            @Override
            public Optional<PartyOpenness> get(String party) {
                return all().stream().filter(p -> p.getParty().equals(party)).findFirst();
            }

            @Override
            public List<org.parley.avro.StanceAlert> alerts(String party, int limit) {
                return alerts.stream().filter(a -> party == null || party.equals(a.getParty())).limit(limit).toList();
            }

            @Override
            public java.util.SortedMap<java.time.LocalDate, DayStats> days(String party, java.time.LocalDate from,
                                                                         java.time.LocalDate to) {
                return new java.util.TreeMap<>(days.subMap(from, to.plusDays(1)));
            }
        };
        server = new ApiServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), query);
        server.start();
        PartyOpenness rus = OpennessAccumulator.add(null, enriched("a:0", "RUS", Stance.OPEN, 0.4, "2024-05-24T00:00:00Z"));
        rus = OpennessAccumulator.add(rus, enriched("b:0", "RUS", Stance.CLOSED, -0.5, "2024-06-24T00:00:00Z"));
        parties.add(OpennessAccumulator.add(null, enriched("c:0", "UKR", Stance.OPEN, 0.4, "2024-05-24T00:00:00Z")));
        parties.add(rus);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listsPartiesMostStatementsFirst() throws Exception {
        HttpResponse<String> r = get("/api/parties");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("parties")).hasSize(2);
        JsonNode rus = body.get("parties").get(0);
        assertThat(rus.get("code").asText()).isEqualTo("RUS");
        assertThat(rus.get("statements").asInt()).isEqualTo(2);
        assertThat(rus.get("meanScore").asDouble()).isEqualTo(-0.05);
        assertThat(rus.get("direction").asText()).isEqualTo("MIXED");
    }

    @Test
    void onePartyByCodeAndJsonErrorsForUnknownOnes() throws Exception {
        assertThat(json.readTree(get("/api/parties/ukr").body()).get("code").asText()).isEqualTo("UKR");
        HttpResponse<String> missing = get("/api/parties/XYZ");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).get("error").asText()).contains("XYZ");
        HttpResponse<String> unknown = get("/nothing/here");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void partyViewHasRollingWindowsOfWholeDaysEndingAtTheDayAsked() throws Exception {
        days.put(java.time.LocalDate.parse("2024-06-24"), new DayStats(1, 0, 1, -0.1));
        days.put(java.time.LocalDate.parse("2024-06-20"), new DayStats(0, 1, 0, 0.2));
        days.put(java.time.LocalDate.parse("2024-06-01"), new DayStats(2, 0, 0, 0.8));
        JsonNode w = json.readTree(get("/api/parties/RUS?at=2024-06-24").body()).get("windows");
        assertThat(w.get("1d").get("statements").asInt()).isEqualTo(2);
        assertThat(w.get("1d").get("meanScore").asDouble()).isEqualTo(-0.05);
        assertThat(w.get("7d").get("from").asText()).isEqualTo("2024-06-18");
        assertThat(w.get("7d").get("statements").asInt()).isEqualTo(3);
        assertThat(w.get("30d").get("statements").asInt()).isEqualTo(5);
        assertThat(w.get("30d").get("open").asInt()).isEqualTo(3);
    }

    @Test
    void historyGivesOnePointPerStepAndRefusesBadParameters() throws Exception {
        days.put(java.time.LocalDate.parse("2024-06-03"), new DayStats(1, 0, 0, 0.4));
        days.put(java.time.LocalDate.parse("2024-06-09"), new DayStats(0, 0, 1, -0.5));
        JsonNode h = json.readTree(get("/api/parties/RUS/history?from=2024-06-01&to=2024-06-14&step=7d").body());
        assertThat(h.get("points")).hasSize(2);
        assertThat(h.get("points").get(0).get("to").asText()).isEqualTo("2024-06-07");
        assertThat(h.get("points").get(0).get("meanScore").asDouble()).isEqualTo(0.4);
        assertThat(h.get("points").get(1).get("closed").asInt()).isEqualTo(1);
        assertThat(get("/api/parties/RUS/history?step=week").statusCode()).isEqualTo(400);
        assertThat(get("/api/parties/RUS/history?from=2024-07-01&to=2024-06-01").statusCode()).isEqualTo(400);
        assertThat(json.readTree(get("/api/parties/RUS/history?from=soon").body()).get("error").asText()).contains("YYYY-MM-DD");
    }

    @Test
    void alertsNewestFirstFilteredByPartyWithEvidence() throws Exception {
        PartyOpenness before = OpennessAccumulator.add(null, enriched("a:0", "RUS", Stance.OPEN, 0.4, "2024-05-24T00:00:00Z"));
        var cause = enriched("b:0", "RUS", Stance.CLOSED, -0.5, "2024-08-20T00:00:00Z");
        alerts.add(org.parley.aggregate.alerts.DirectionChangeRule.check(before, OpennessAccumulator.add(before, cause), cause).orElseThrow());
        JsonNode body = json.readTree(get("/api/alerts?party=rus&limit=5").body());
        assertThat(body.get("alerts")).singleElement().satisfies(a -> {
            assertThat(a.get("party").asText()).isEqualTo("RUS");
            assertThat(a.get("from").asText()).isEqualTo("OPEN");
            assertThat(a.get("to").asText()).isEqualTo("MIXED");
            assertThat(a.get("statement").asText()).isEqualTo("Statement b:0");
            assertThat(a.get("url").asText()).isEqualTo("https://example.org/b:0");
        });
        assertThat(json.readTree(get("/api/alerts?party=UKR").body()).get("alerts")).isEmpty();
        assertThat(get("/api/alerts?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void openApiDescribesTheServedPaths() throws Exception {
        HttpResponse<String> r = get("/api/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode paths = json.readTree(r.body()).get("paths");
        assertThat(paths.has("/api/parties")).isTrue();
        assertThat(paths.has("/api/parties/{code}/history")).isTrue();
        assertThat(paths.has("/api/alerts")).isTrue();
        assertThat(paths.has("/api/feeds")).isTrue();
    }

    @Test
    void notReadyIs503WithRetryAfter() throws Exception {
        ready = false;
        HttpResponse<String> r = get("/api/parties");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.body()).doesNotContain("Exception");
    }

    @Test
    void servesTheDashboard() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<table id=\"parties\"").contains("/api/parties");
    }
}

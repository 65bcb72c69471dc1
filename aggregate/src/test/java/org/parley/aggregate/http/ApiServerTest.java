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
import org.parley.aggregate.index.OpennessAccumulator;
import org.parley.avro.PartyOpenness;
import org.parley.avro.Stance;

import static org.parley.aggregate.Fixtures.enriched;

/** The API over real HTTP on 127.0.0.1, answering from an in-memory store. */
class ApiServerTest {

    private final List<PartyOpenness> parties = new ArrayList<>();
    private boolean ready = true;
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

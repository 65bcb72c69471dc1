package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared server over real HTTP on 127.0.0.1: errors, tokens, CORS, and the description made from the routes. */
class WebServerTest {

    enum Colour { RED, BLUE }

    record Inner(String name, @Nullable Double weight) {
    }

    record Thing(String id, long count, @Nullable String note, @Nullable Colour colour, @Nullable Inner inner,
                 List<Inner> inners, Map<String, Inner> byName) {
    }

    record Wrapper(@JsonUnwrapped Inner inner, int extra) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private WebServer server;

    private WebServer start(WebServer.Settings settings) {
        server = new WebServer(settings).adminToken("admin-secret");
        server.route(Endpoint.get("test", "/api/things/{id}", "One thing").path("id", "Its id")
                        .query("since", "From when").query("limit", "integer", "How many").returns(Thing.class).errors(404),
                ctx -> {
                    Instant since = ctx.queryParamAsClass("since", Instant.class).getOrDefault(Instant.EPOCH);
                    int limit = ctx.queryParamAsClass("limit", Integer.class).check(n -> n > 0, "limit must be positive").getOrDefault(1);
                    if (ctx.pathParam("id").equals("none")) {
                        throw HttpError.notFound("no thing none");
                    }
                    if (ctx.pathParam("id").equals("busy")) {
                        throw HttpError.unavailable("restoring");
                    }
                    ctx.json(new Thing(ctx.pathParam("id"), limit, since.toString(), null, null, List.of(), Map.of()));
                });
        server.route(Endpoint.get("test", "/api/wrapped", "Unwrapped").returns(Wrapper.class),
                ctx -> ctx.json(new Wrapper(new Inner("a", 1.0), 2)));
        server.route(Endpoint.post("test", "/api/things", "Add (admin)").accepts(Inner.class).returns(201, Inner.class).admin(),
                ctx -> ctx.status(201).json(new Inner("added", null)));
        server.route(Endpoint.get("test", "/boom", "Fails").open(), ctx -> {
            throw new IllegalStateException("a bug");
        });
        return server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(request(path));
    }

    @Test
    void answersWithRecordsAndErrorsAsJsonWithTheirStatus() throws Exception {
        start(WebServer.Settings.of("127.0.0.1", 0));
        HttpResponse<String> ok = get("/api/things/a?since=2024-06-01&limit=3");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json.readTree(ok.body()).get("note").asText()).isEqualTo("2024-06-01T00:00:00Z");
        assertThat(json.readTree(ok.body()).get("count").asInt()).isEqualTo(3);
        assertThat(json.readTree(get("/api/wrapped").body()).get("name").asText()).isEqualTo("a");

        assertError(get("/api/things/none"), 404, "no thing none");
        assertError(get("/api/things/a?since=yesterday"), 400, "since: 'yesterday' is not a date YYYY-MM-DD");
        assertError(get("/api/things/a?limit=0"), 400, "limit must be positive");
        assertError(get("/api/things/a?limit=many"), 400, "limit: 'many'");
        assertError(get("/nothing/here"), 404, "no such resource: /nothing/here");
        assertError(send(request("/api/things/a").DELETE()), 405, "method not allowed");
        HttpResponse<String> busy = get("/api/things/busy");
        assertError(busy, 503, "restoring");
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("2");
        HttpResponse<String> boom = get("/boom");
        assertError(boom, 500, "internal error: IllegalStateException");
        assertThat(boom.body()).doesNotContain("a bug");
    }

    private void assertError(HttpResponse<String> r, int status, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).contains(message);
    }

    @Test
    void anApiTokenGuardsReadsButNotTheDescription() throws Exception {
        start(WebServer.Settings.of("127.0.0.1", 0).withApiToken("read-secret"));
        HttpResponse<String> none = get("/api/things/a");
        assertError(none, 401, "API token");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(send(request("/api/things/a").header("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
        assertThat(send(request("/api/things/a").header("Authorization", "Bearer read-secret")).statusCode()).isEqualTo(200);
        assertThat(get("/api/things/a?access_token=read-secret").statusCode()).as("as EventSource can send it").isEqualTo(200);
        assertThat(send(request("/api/things/a").header("Authorization", "Bearer admin-secret")).statusCode())
                .as("the admin token reads too").isEqualTo(200);
        assertThat(get(WebServer.OPENAPI_PATH).statusCode()).isEqualTo(200);
    }

    @Test
    void adminRoutesNeedTheAdminToken() throws Exception {
        start(WebServer.Settings.of("127.0.0.1", 0));
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("{}");
        assertError(send(request("/api/things").POST(body)), 401, "admin token");
        assertError(send(request("/api/things").POST(body).header("Authorization", "Bearer read")), 401, "admin token");
        assertThat(send(request("/api/things").POST(body).header("Authorization", "Bearer admin-secret")).statusCode()).isEqualTo(201);
        server.adminToken(null);
        assertError(send(request("/api/things").POST(body).header("Authorization", "Bearer admin-secret")), 403, "disabled");
    }

    @Test
    void dashboardsFromAllowedOriginsMayCall() throws Exception {
        start(WebServer.Settings.of("127.0.0.1", 0).withCorsOrigins(List.of("https://dash.example.org")));
        HttpResponse<String> allowed = send(request("/api/things/a").header("Origin", "https://dash.example.org"));
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://dash.example.org");
        HttpResponse<String> other = send(request("/api/things/a").header("Origin", "https://evil.example.com"));
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> preflight = send(request("/api/things/a").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://dash.example.org").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "Authorization"));
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                v -> assertThat(v.toLowerCase(java.util.Locale.ROOT)).contains("authorization"));
    }

    @Test
    void theDescriptionIsMadeFromTheRoutesAndIsStrict() throws Exception {
        start(WebServer.Settings.of("127.0.0.1", 0));
        JsonNode doc = json.readTree(get(WebServer.OPENAPI_PATH).body());
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(doc.get("paths").fieldNames()).toIterable()
                .containsExactlyInAnyOrder(WebServer.OPENAPI_PATH, "/api/things/{id}", "/api/wrapped", "/api/things", "/boom");
        JsonNode op = doc.at("/paths/~1api~1things~1{id}/get");
        assertThat(op.get("parameters")).extracting(p -> p.get("name").asText()).containsExactly("id", "since", "limit");
        assertThat(op.at("/responses/200/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/Thing");
        assertThat(op.at("/responses").fieldNames()).toIterable().contains("200", "400", "401", "404");
        JsonNode thing = doc.at("/components/schemas/Thing");
        assertThat(thing.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(thing.get("required")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("id", "count", "note", "colour", "inner", "inners", "byName");
        assertThat(thing.at("/properties/id/type").asText()).isEqualTo("string");
        assertThat(thing.at("/properties/note/type")).extracting(JsonNode::asText).containsExactlyInAnyOrder("string", "null");
        assertThat(thing.at("/properties/colour/enum")).extracting(JsonNode::asText).contains("RED", "BLUE", "null");
        assertThat(thing.at("/properties/inner/anyOf/0/$ref").asText()).isEqualTo("#/components/schemas/Inner");
        assertThat(doc.at("/components/schemas/Wrapper/required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("name", "weight", "extra");
        assertThat(doc.at("/components/schemas/Error/required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("status", "error");
        assertThat(doc.at("/paths/~1api~1things/post/security/0/bearer")).isNotNull();
    }
}

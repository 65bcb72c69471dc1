package org.parley.aggregate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.aggregate.AggregateSettings;
import org.parley.avro.PartyOpenness;
import org.parley.avro.Stance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP JSON API, the event stream and the dashboard page (described in
 * {@code /api/openapi.json}). Errors are JSON with a status code, never a stack trace; 503 with
 * {@code Retry-After} while the stores are not ready.
 *
 * <p>With several aggregate instances, a party's requests go to the instance that holds it and
 * list requests gather every instance's part ({@link Cluster}); a request another instance sent
 * carries {@value #SCOPE_HEADER}{@code : local} and is answered from local state only.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String SCOPE_HEADER = "X-Parley-Scope";
    private static final Pattern PARTY_PATH = Pattern.compile("/api/parties/([A-Za-z_-]{2,12})/?");
    private static final Pattern HISTORY_PATH = Pattern.compile("/api/parties/([A-Za-z_-]{2,12})/history/?");
    private static final Pattern WEBJAR_PATH = Pattern.compile("/webjars/([A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*)");
    private static final int MAX_HISTORY_POINTS = 5000;

    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient peers = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    private final Clock clock;
    private final EventHub events = new EventHub();
    private volatile OpennessQuery query;
    private volatile PartyViews views;
    private volatile AggregateSettings settings = AggregateSettings.defaults();
    private volatile Cluster cluster = Cluster.single();

    /** Binds the port; {@link #serve} attaches the aggregate's stores, {@link #start} starts answering. */
    public ApiServer(InetSocketAddress address) throws IOException {
        this(address, Clock.systemUTC());
    }

    public ApiServer(InetSocketAddress address, Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(address, 64);
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "parley-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** An API over one store, alone: the default windows and settings and no other instances. */
    public ApiServer(InetSocketAddress address, OpennessQuery query) throws IOException {
        this(address);
        serve(query, Windows.parse(Windows.DEFAULT), AggregateSettings.defaults(), Cluster.single());
    }

    /**
     * Answers the aggregate's requests from {@code query}, with these windows and the settings the
     * aggregate counts with (half-life, retention), routing through {@code cluster}.
     */
    public ApiServer serve(OpennessQuery query, List<Windows.Window> windows, AggregateSettings settings, Cluster cluster) {
        this.views = new PartyViews(query, windows, settings);
        this.settings = settings;
        this.cluster = cluster;
        this.query = query;
        return this;
    }

    /** The event stream's hub: what is published there reaches every {@code /api/stream} client. */
    public EventHub events() {
        return events;
    }

    /** Serves another handler under a path (the feeds API, metrics), beside the aggregate's own. */
    public void mount(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    public void start() {
        server.start();
        LOG.info("HTTP API listening on port {}", port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        boolean keepOpen = false;
        try {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                error(ex, 405, "method not allowed: " + ex.getRequestMethod());
                return;
            }
            Matcher webjar = WEBJAR_PATH.matcher(path);
            if (path.equals("/") || path.equals("/index.html")) {
                resource(ex, "parley/dashboard/index.html");
            } else if (webjar.matches() && !path.contains("..")) {
                resource(ex, webjar(webjar.group(1)));
            } else if (path.equals("/api/openapi.json")) {
                resource(ex, "parley/api/openapi.json");
            } else if (path.equals("/api/stream")) {
                events.connect(ex);
                keepOpen = true;
            } else if (path.startsWith("/api/") && query == null) {
                error(ex, 404, "aggregate does not run in this process");
            } else {
                api(ex, path);
            }
        } catch (IllegalArgumentException e) {
            error(ex, 400, e.getMessage());
        } catch (OpennessQuery.NotReadyException e) {
            ex.getResponseHeaders().add("Retry-After", "2");
            error(ex, 503, e.getMessage());
        } catch (PeerException e) {
            ex.getResponseHeaders().add("Retry-After", "2");
            error(ex, 503, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} {} failed: {}", ex.getRequestMethod(), path, e.toString());
            error(ex, 500, "internal error: " + e.getClass().getSimpleName());
        } finally {
            if (!keepOpen) {
                ex.close();
            }
        }
    }

    private void api(HttpExchange ex, String path) throws IOException {
        Map<String, String> params = params(ex);
        boolean local = "local".equals(ex.getRequestHeaders().getFirst(SCOPE_HEADER));
        Matcher history = HISTORY_PATH.matcher(path);
        Matcher party = PARTY_PATH.matcher(path);
        if (path.equals("/api/parties") || path.equals("/api/parties/")) {
            List<Map<String, Object>> mine = query.all().stream().map(PartyViews::summary).toList();
            send(ex, 200, gather(ex, local, "parties", mine, Comparator
                    .comparingLong((JsonNode n) -> n.path("statements").asLong()).reversed()
                    .thenComparing(n -> n.path("code").asText()), Integer.MAX_VALUE));
        } else if (path.equals("/api/alerts") || path.equals("/api/alerts/")) {
            String code = party(params.get("party"));
            int limit = limit(params.get("limit"));
            if (!local && code != null && routed(ex, code)) {
                return;
            }
            List<Map<String, Object>> mine = query.alerts(code, limit).stream().map(PartyViews::alert).toList();
            send(ex, 200, gather(ex, local || code != null, "alerts", mine,
                    Comparator.comparing((JsonNode n) -> n.path("statementAt").asText()).reversed(), limit));
        } else if (path.equals("/api/statements") || path.equals("/api/statements/")) {
            String code = party(params.get("party"));
            int limit = limit(params.get("limit"));
            Stance stance = stance(params.get("stance"));
            Instant since = instant(params.get("since"), Instant.EPOCH);
            if (!local && code != null && routed(ex, code)) {
                return;
            }
            // Read more than the limit when filtering by stance, so the filter still fills the page.
            List<Map<String, Object>> mine = query.statements(code, since, stance == null ? limit : Math.min(10_000, limit * 20))
                    .stream().filter(s -> stance == null || stance.name().equals(s.stance()))
                    .limit(limit).map(PartyViews::statement).toList();
            ObjectNode body = gather(ex, local || code != null, "statements", mine,
                    Comparator.comparing((JsonNode n) -> n.path("publishedAt").asText()).reversed(), limit);
            // A peer's request for its part of all parties (local, no party) is answered in JSON, to be gathered.
            boolean fragment = local && code == null;
            if (!fragment && CsvExport.wanted(params.get("format"), ex.getRequestHeaders().getFirst("Accept"))) {
                sendCsv(ex, CsvExport.STATEMENTS, body, "statements");
            } else {
                send(ex, 200, body);
            }
        } else if (history.matches()) {
            String code = history.group(1).toUpperCase(Locale.ROOT);
            if (!local && routed(ex, code)) {
                return;
            }
            history(ex, code, params);
        } else if (party.matches()) {
            String code = party.group(1).toUpperCase(Locale.ROOT);
            if (!local && routed(ex, code)) {
                return;
            }
            Optional<PartyOpenness> p = query.get(code);
            if (p.isEmpty()) {
                error(ex, 404, "no statements with a stance for party " + code + " yet");
                return;
            }
            send(ex, 200, views.party(p.get(), instant(params.get("at"), clock.instant())));
        } else {
            error(ex, 404, "no such resource: " + path);
        }
    }

    /** GET /api/parties/{code}/history?from=&to=&step=: a series for charts, one point per step. */
    private void history(HttpExchange ex, String code, Map<String, String> params) throws IOException {
        Instant to = instant(params.get("to"), clock.instant());
        Instant from = instant(params.get("from"), to.minus(Duration.ofDays(89)));
        Duration step = Windows.length(params.getOrDefault("step", "1d"));
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        if (Duration.between(from, to).dividedBy(step) > MAX_HISTORY_POINTS) {
            throw new IllegalArgumentException("at most " + MAX_HISTORY_POINTS + " points at a time: use a longer step");
        }
        Map<String, Object> body = views.history(code, from, to, step, settings.halfLife());
        if (CsvExport.wanted(params.get("format"), ex.getRequestHeaders().getFirst("Accept"))) {
            sendCsv(ex, CsvExport.HISTORY, json.valueToTree(body), code + "-history");
        } else {
            send(ex, 200, body);
        }
    }

    /** Forwards a party's request to the instance that holds it; false when that is this one. */
    private boolean routed(HttpExchange ex, String code) throws IOException {
        Optional<String> owner = cluster.ownerOf(code);
        if (owner.isEmpty()) {
            return false;
        }
        String query = ex.getRequestURI().getRawQuery();
        if (CsvExport.wanted(null, ex.getRequestHeaders().getFirst("Accept")) && (query == null || !query.contains("format="))) {
            query = (query == null ? "" : query + "&") + "format=csv";   // the owner does not see this request's headers
        }
        HttpResponse<byte[]> r = fetch(owner.get() + ex.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
        ex.getResponseHeaders().set("Content-Type", r.headers().firstValue("Content-Type").orElse("application/json; charset=utf-8"));
        ex.getResponseHeaders().set("X-Parley-Answered-By", owner.get());
        write(ex, r.statusCode(), r.body());
        return true;
    }

    /**
     * This instance's list, and unless the request is local, every other instance's list under
     * the same name, merged, sorted and cut to the limit. An instance that does not answer is named
     * under "incomplete".
     */
    private ObjectNode gather(HttpExchange ex, boolean local, String name, List<Map<String, Object>> mine,
                              Comparator<JsonNode> order, int limit) {
        List<JsonNode> all = new ArrayList<>();
        mine.forEach(m -> all.add(json.valueToTree(m)));
        ArrayNode incomplete = json.createArrayNode();
        if (!local) {
            String pathAndQuery = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            for (String peer : cluster.others()) {
                try {
                    HttpResponse<byte[]> r = fetch(peer + pathAndQuery);
                    if (r.statusCode() != 200) {
                        throw new PeerException(peer + " answered " + r.statusCode());
                    }
                    json.readTree(r.body()).path(name).forEach(all::add);
                } catch (IOException | PeerException e) {
                    LOG.debug("instance {} did not answer: {}", peer, e.toString());
                    incomplete.add(peer);
                }
            }
        }
        Map<String, JsonNode> unique = new LinkedHashMap<>();
        for (JsonNode n : all) {
            String id = n.has("id") ? n.path("id").asText() : n.path("code").asText();
            // While partitions move, two instances may both answer for one key: keep the fuller record.
            unique.merge(id, n, (a, b) -> a.path("statements").asLong() >= b.path("statements").asLong() ? a : b);
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode items = body.putArray(name);
        unique.values().stream().sorted(order).limit(limit).forEach(items::add);
        if (!incomplete.isEmpty()) {
            body.set("incomplete", incomplete);
        }
        return body;
    }

    private HttpResponse<byte[]> fetch(String url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header(SCOPE_HEADER, "local").GET().build();
        try {
            return peers.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PeerException("the instance at " + url.substring(0, url.indexOf('/', 8) < 0 ? url.length() : url.indexOf('/', 8))
                    + " holding this data did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Another instance could not be reached. */
    static final class PeerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PeerException(String message) {
            super(message);
        }
    }

    private static String party(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.strip().matches("[A-Za-z_-]{2,12}")) {
            throw new IllegalArgumentException("'" + value + "' is not a party code");
        }
        return value.strip().toUpperCase(Locale.ROOT);
    }

    private static Stance stance(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Stance s = Stance.valueOf(value.strip().toUpperCase(Locale.ROOT));
            if (s == Stance.NONE) {
                throw new IllegalArgumentException();
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stance must be OPEN, CONDITIONAL or CLOSED, not '" + value + "'");
        }
    }

    /** A time as an ISO instant ("2024-06-01T12:00:00Z") or a date (its start, UTC). */
    static Instant instant(String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.strip();
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM:SSZ");
        }
    }

    private static Map<String, String> params(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return out;
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 50;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 1 || n > 1000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number from 1 to 1000");
        }
    }

    private void error(HttpExchange ex, int status, String message) throws IOException {
        send(ex, status, Map.of("status", status, "error", message));
    }

    /** A table as CSV, streamed (chunked) as its rows are written. */
    private void sendCsv(HttpExchange ex, CsvExport export, JsonNode body, String name) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/csv; charset=utf-8");
        ex.getResponseHeaders().set("Content-Disposition", "inline; filename=\"" + name + ".csv\"");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            export.write(body, out);
        }
    }

    private void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        write(ex, status, bytes);
    }

    private void resource(HttpExchange ex, String name) throws IOException {
        try (InputStream in = ApiServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                error(ex, 404, "no such resource: " + ex.getRequestURI().getPath());
                return;
            }
            ex.getResponseHeaders().set("Content-Type", contentType(name));
            ex.getResponseHeaders().set("Cache-Control", name.startsWith("META-INF/") ? "max-age=86400" : "no-cache");
            write(ex, 200, in.readAllBytes());
        }
    }

    /**
     * The class-path name of a WebJar file: "uplot/1.6.30/dist/uPlot.iife.min.js" as it is, or
     * "uplot/dist/uPlot.iife.min.js" with the bundled version put in, so pages need not name it.
     */
    static String webjar(String path) {
        String direct = "META-INF/resources/webjars/" + path;
        ClassLoader loader = ApiServer.class.getClassLoader();
        if (loader.getResource(direct) != null) {
            return direct;
        }
        String name = path.substring(0, path.indexOf('/') < 0 ? path.length() : path.indexOf('/'));
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/" + name + "/pom.properties")) {
            if (in == null) {
                return direct;
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return "META-INF/resources/webjars/" + name + "/" + p.getProperty("version") + path.substring(name.length());
        } catch (IOException e) {
            return direct;
        }
    }

    private static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (n.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (n.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (n.endsWith(".json") || n.endsWith(".map")) {
            return "application/json; charset=utf-8";
        }
        return "application/octet-stream";
    }

    private static void write(HttpExchange ex, int status, byte[] bytes) throws IOException {
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        events.close();
        server.stop(0);
        executor.shutdownNow();
    }
}

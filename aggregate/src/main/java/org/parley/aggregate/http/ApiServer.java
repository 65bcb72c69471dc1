package org.parley.aggregate.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.aggregate.index.Direction;
import org.parley.avro.PartyOpenness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP JSON API and the dashboard page. Errors are JSON with a status code, never a stack
 * trace; 503 with {@code Retry-After} while the store is not ready.
 *
 * <ul>
 *   <li>{@code GET /api/parties}: every party's code, statement count, mean score and counts per stance</li>
 *   <li>{@code GET /api/parties/{code}}: one party</li>
 *   <li>{@code GET /}: the dashboard</li>
 * </ul>
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final Pattern PARTY_PATH = Pattern.compile("/api/parties/([A-Za-z_-]{2,12})/?");
    private static final Pattern HISTORY_PATH = Pattern.compile("/api/parties/([A-Za-z_-]{2,12})/history/?");
    /** Rolling windows of the party view: whole UTC publication days ending at the day asked for. */
    static final java.util.Map<String, Integer> WINDOWS = java.util.Map.of("1d", 1, "7d", 7, "30d", 30);
    private static final int MAX_HISTORY_DAYS = 3660;

    private final HttpServer server;
    private final ExecutorService executor;
    private final OpennessQuery query;
    private final ObjectMapper json = new ObjectMapper();
    private final java.time.Clock clock = java.time.Clock.systemUTC();

    /** @param query the aggregate's store, or null in a process that runs no aggregate */
    public ApiServer(InetSocketAddress address, OpennessQuery query) throws IOException {
        this.query = query;
        this.server = HttpServer.create(address, 64);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "parley-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Serves another handler under a path (the feeds API, metrics), beside the aggregate's own. */
    public void mount(String path, com.sun.net.httpserver.HttpHandler handler) {
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
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                error(ex, 405, "method not allowed: " + ex.getRequestMethod());
                return;
            }
            try {
                if (path.equals("/") || path.equals("/index.html")) {
                    resource(ex, "parley/dashboard/index.html", "text/html; charset=utf-8");
                } else if (query == null && path.startsWith("/api/parties")) {
                    error(ex, 404, "aggregate does not run in this process");
                } else if (path.equals("/api/parties") || path.equals("/api/parties/")) {
                    List<Map<String, Object>> parties = query.all().stream()
                            .sorted(Comparator.comparingLong(PartyOpenness::getStatements).reversed()
                                    .thenComparing(PartyOpenness::getParty))
                            .map(ApiServer::toJson).toList();
                    send(ex, 200, Map.of("parties", parties));
                } else if (path.equals("/api/alerts") || path.equals("/api/alerts/")) {
                    Map<String, String> params = params(ex);
                    String party = params.get("party") == null ? null : params.get("party").toUpperCase(java.util.Locale.ROOT);
                    int limit = limit(params.get("limit"));
                    send(ex, 200, Map.of("alerts", query.alerts(party, limit).stream().map(ApiServer::alertJson).toList()));
                } else if (path.equals("/api/openapi.json")) {
                    resource(ex, "parley/api/openapi.json", "application/json; charset=utf-8");
                } else if (HISTORY_PATH.matcher(path).matches()) {
                    Matcher m = HISTORY_PATH.matcher(path);
                    m.matches();
                    history(ex, m.group(1).toUpperCase(java.util.Locale.ROOT), params(ex));
                } else if (PARTY_PATH.matcher(path).matches()) {
                    Matcher m = PARTY_PATH.matcher(path);
                    m.matches();
                    String code = m.group(1).toUpperCase(java.util.Locale.ROOT);
                    var party = query.get(code);
                    if (party.isPresent()) {
                        Map<String, Object> body = toJson(party.get());
                        java.time.LocalDate at = date(params(ex).get("at"), java.time.LocalDate.now(clock));
                        Map<String, Object> windows = new LinkedHashMap<>();
                        for (String w : List.of("1d", "7d", "30d")) {
                            java.time.LocalDate from = at.minusDays(WINDOWS.get(w) - 1L);
                            windows.put(w, span(from, at, query.days(code, from, at).values()));
                        }
                        body.put("windows", windows);
                        send(ex, 200, body);
                    } else {
                        error(ex, 404, "no statements with a stance for party " + code + " yet");
                    }
                } else {
                    error(ex, 404, "no such resource: " + path);
                }
            } catch (IllegalArgumentException e) {
                error(ex, 400, e.getMessage());
            } catch (OpennessQuery.NotReadyException e) {
                ex.getResponseHeaders().add("Retry-After", "2");
                error(ex, 503, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("HTTP {} {} failed: {}", ex.getRequestMethod(), path, e.toString());
                error(ex, 500, "internal error: " + e.getClass().getSimpleName());
            }
        }
    }

    /** GET /api/parties/{code}/history?from=YYYY-MM-DD&to=YYYY-MM-DD&step=7d: one point per step of days. */
    private void history(HttpExchange ex, String code, Map<String, String> params) throws IOException {
        java.time.LocalDate to = date(params.get("to"), java.time.LocalDate.now(clock));
        java.time.LocalDate from = date(params.get("from"), to.minusDays(89));
        String stepText = params.getOrDefault("step", "1d");
        if (!stepText.matches("[1-9][0-9]{0,3}d")) {
            throw new IllegalArgumentException("step must be a number of days such as 1d or 7d, not '" + stepText + "'");
        }
        int step = Integer.parseInt(stepText.substring(0, stepText.length() - 1));
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        if (java.time.temporal.ChronoUnit.DAYS.between(from, to) > MAX_HISTORY_DAYS) {
            throw new IllegalArgumentException("at most " + MAX_HISTORY_DAYS + " days at a time");
        }
        var days = query.days(code, from, to);
        List<Map<String, Object>> points = new java.util.ArrayList<>();
        for (java.time.LocalDate start = from; !start.isAfter(to); start = start.plusDays(step)) {
            java.time.LocalDate end = start.plusDays(step - 1L).isAfter(to) ? to : start.plusDays(step - 1L);
            points.add(span(start, end, days.subMap(start, end.plusDays(1)).values()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("step", stepText);
        body.put("points", points);
        send(ex, 200, body);
    }

    private static Map<String, Object> span(java.time.LocalDate from, java.time.LocalDate to,
                                            java.util.Collection<org.parley.aggregate.index.DayStats> days) {
        org.parley.aggregate.index.DayStats total = org.parley.aggregate.index.DayStats.EMPTY;
        for (var d : days) {
            total = total.plus(d);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from.toString());
        m.put("to", to.toString());
        m.put("statements", total.statements());
        m.put("open", total.open());
        m.put("conditional", total.conditional());
        m.put("closed", total.closed());
        m.put("meanScore", total.meanScore() == null ? null : Math.round(total.meanScore() * 1000) / 1000.0);
        return m;
    }

    private static java.time.LocalDate date(String value, java.time.LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return java.time.LocalDate.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a date YYYY-MM-DD");
        }
    }

    private static Map<String, String> params(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8) : "");
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

    static Map<String, Object> alertJson(org.parley.avro.StanceAlert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.getId());
        m.put("party", a.getParty());
        m.put("kind", a.getKind().name());
        m.put("from", a.getFromDirection());
        m.put("to", a.getToDirection());
        m.put("previousMean", Math.round(a.getPreviousMean() * 1000) / 1000.0);
        m.put("currentMean", Math.round(a.getCurrentMean() * 1000) / 1000.0);
        m.put("message", a.getMessage());
        m.put("statement", a.getStatementText());
        m.put("speaker", a.getSpeaker());
        m.put("url", a.getUrl());
        m.put("statementAt", a.getStatementAt().toString());
        return m;
    }

    static Map<String, Object> toJson(PartyOpenness p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", p.getParty());
        m.put("statements", p.getStatements());
        m.put("meanScore", Math.round(p.getMeanScore() * 1000) / 1000.0);
        m.put("direction", Direction.of(p.getMeanScore()).name());
        m.put("index", Math.round(p.getIndex() * 1000) / 1000.0);
        m.put("band", Math.round(p.getBand() * 1000) / 1000.0);
        m.put("effectiveStatements", Math.round(p.getEffectiveStatements() * 100) / 100.0);
        m.put("open", p.getOpen());
        m.put("conditional", p.getConditional());
        m.put("closed", p.getClosed());
        m.put("firstStatementAt", p.getFirstStatementAt().toString());
        m.put("lastStatementAt", p.getLastStatementAt().toString());
        m.put("lastSpeaker", p.getLastSpeaker());
        m.put("lastText", p.getLastText());
        return m;
    }

    private void error(HttpExchange ex, int status, String message) throws IOException {
        send(ex, status, Map.of("status", status, "error", message));
    }

    private void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        write(ex, status, bytes);
    }

    private static void resource(HttpExchange ex, String name, String type) throws IOException {
        try (InputStream in = ApiServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the jar");
            }
            ex.getResponseHeaders().set("Content-Type", type);
            write(ex, 200, in.readAllBytes());
        }
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
        server.stop(0);
        executor.shutdownNow();
    }

}

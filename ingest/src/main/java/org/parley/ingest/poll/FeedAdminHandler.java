package org.parley.ingest.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The feeds API: read the feeds and their health, and (with the admin token) add, remove and
 * resume feeds while Parley runs.
 *
 * <ul>
 *   <li>{@code GET /api/feeds}: every feed's health record; {@code ?format=opml} the list as OPML</li>
 *   <li>{@code GET /api/feeds/{id}}: one feed</li>
 *   <li>{@code POST /api/feeds} {@code {"url": "...", "name": "...", "interval": "10m"}}: add (admin)</li>
 *   <li>{@code DELETE /api/feeds/{id}}: remove (admin)</li>
 *   <li>{@code POST /api/feeds/{id}/resume}: take a parked feed back (admin)</li>
 * </ul>
 * Admin calls need {@code Authorization: Bearer TOKEN}; without a configured token they are refused.
 */
public final class FeedAdminHandler implements HttpHandler {

    public static final String PATH = "/api/feeds";
    private static final Pattern ONE = Pattern.compile("/api/feeds/([0-9a-f]{1,16})(/resume)?/?");
    private static final int MAX_BODY = 16 * 1024;

    private final FeedPoller poller;
    private final byte[] token;
    private final ObjectMapper json = new ObjectMapper();

    /** @param adminToken the token admin calls must present, or null to refuse them all */
    public FeedAdminHandler(FeedPoller poller, String adminToken) {
        this.poller = poller;
        this.token = adminToken == null || adminToken.isBlank() ? null : adminToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            try {
                if (path.equals(PATH) || path.equals(PATH + "/")) {
                    if (method.equals("GET")) {
                        String query = ex.getRequestURI().getQuery();
                        if (query != null && query.contains("format=opml")) {
                            List<FeedSpec> specs = poller.health().stream().map(h -> new FeedSpec(h.url(), h.name(), null)).toList();
                            write(ex, 200, "text/x-opml; charset=utf-8", FeedList.toOpml(specs).getBytes(StandardCharsets.UTF_8));
                        } else {
                            send(ex, 200, Map.of("feeds", poller.health().stream().map(FeedAdminHandler::toJson).toList()));
                        }
                    } else if (method.equals("POST") && authorized(ex)) {
                        add(ex);
                    } else if (!method.equals("POST")) {
                        error(ex, 405, "method not allowed: " + method);
                    }
                    return;
                }
                Matcher m = ONE.matcher(path);
                if (!m.matches()) {
                    error(ex, 404, "no such resource: " + path);
                    return;
                }
                String id = m.group(1);
                boolean resume = m.group(2) != null;
                if (method.equals("GET") && !resume) {
                    var h = poller.health(id);
                    if (h.isPresent()) {
                        send(ex, 200, toJson(h.get()));
                    } else {
                        error(ex, 404, "no feed " + id);
                    }
                } else if (method.equals("DELETE") && !resume) {
                    if (authorized(ex)) {
                        if (poller.remove(id)) {
                            write(ex, 204, null, null);
                        } else {
                            error(ex, 404, "no feed " + id);
                        }
                    }
                } else if (method.equals("POST") && resume) {
                    if (authorized(ex)) {
                        if (poller.resume(id)) {
                            send(ex, 200, toJson(poller.health(id).orElseThrow()));
                        } else {
                            error(ex, 404, "no feed " + id);
                        }
                    }
                } else {
                    error(ex, 405, "method not allowed: " + method + " " + path);
                }
            } catch (IllegalArgumentException e) {
                error(ex, 400, e.getMessage());
            }
        }
    }

    private void add(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            error(ex, 413, "request body larger than " + MAX_BODY + " bytes");
            return;
        }
        JsonNode req;
        try {
            req = json.readTree(body);
        } catch (IOException e) {
            error(ex, 400, "body is not JSON");
            return;
        }
        if (req == null || !req.hasNonNull("url") || !req.get("url").isTextual()) {
            error(ex, 400, "body needs a \"url\"");
            return;
        }
        String url = req.get("url").asText().strip();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            // Only web feeds can be added over HTTP: reading server files is for the operator's command line.
            error(ex, 400, "url must be http:// or https://");
            return;
        }
        FeedSpec spec = new FeedSpec(url, req.hasNonNull("name") ? req.get("name").asText() : null,
                req.hasNonNull("interval") ? FeedList.Durations.parse(req.get("interval").asText()) : null);
        send(ex, 201, toJson(poller.add(spec)));
    }

    /** Answers 401/403 itself when the call may not proceed. */
    private boolean authorized(HttpExchange ex) throws IOException {
        if (token == null) {
            error(ex, 403, "the admin API is disabled: start Parley with PARLEY_ADMIN_TOKEN set");
            return false;
        }
        String header = ex.getRequestHeaders().getFirst("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"parley-admin\"");
            error(ex, 401, "admin token missing or wrong");
            return false;
        }
        return true;
    }

    static Map<String, Object> toJson(FeedHealth h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.id());
        m.put("url", h.url());
        m.put("name", h.name());
        m.put("status", h.status());
        m.put("lastPoll", str(h.lastPoll()));
        m.put("lastSuccess", str(h.lastSuccess()));
        m.put("lastErrorType", h.lastErrorType());
        m.put("lastError", h.lastError());
        m.put("lastErrorAt", str(h.lastErrorAt()));
        m.put("consecutiveFailures", h.consecutiveFailures());
        m.put("failureScore", h.failureScore());
        m.put("nextPoll", str(h.nextPoll()));
        m.put("intervalSeconds", h.interval().toSeconds());
        m.put("lastItems", h.lastItems());
        m.put("lastNewArticles", h.lastNewArticles());
        m.put("totalArticles", h.totalArticles());
        m.put("repairs", h.repairs());
        return m;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private void error(HttpExchange ex, int status, String message) throws IOException {
        send(ex, status, Map.of("status", status, "error", message));
    }

    private void send(HttpExchange ex, int status, Object body) throws IOException {
        write(ex, status, "application/json; charset=utf-8", json.writeValueAsBytes(body));
    }

    private static void write(HttpExchange ex, int status, String type, byte[] bytes) throws IOException {
        if (type != null) {
            ex.getResponseHeaders().set("Content-Type", type);
        }
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (bytes == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}

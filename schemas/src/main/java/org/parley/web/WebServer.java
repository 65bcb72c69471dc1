package org.parley.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.javalin.json.JavalinJackson;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server of a Parley process, on Javalin: each stage that runs in the process mounts
 * its routes on it, each route with the {@link Endpoint} that describes it, and the server serves
 * their OpenAPI description at {@value #OPENAPI_PATH}.
 *
 * <p>Errors are JSON ({@link ErrorBody}) with their status, never a stack trace: an
 * {@link HttpError} as it says, a bad query parameter 400, a path that matches nothing 404, a
 * method a path does not take 405, 503 with {@code Retry-After}. With an API token every
 * {@code /api/} read but the description needs {@code Authorization: Bearer TOKEN} (or
 * {@code ?access_token=TOKEN}, which browsers' EventSource can send), compared in constant time;
 * the admin token is accepted wherever the API token is.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    public static final String OPENAPI_PATH = "/api/openapi.json";
    private static final String EVENT_STREAM = "text/event-stream";

    /**
     * Where and how the server listens.
     *
     * @param apiToken    the token reads need, or null for open reads
     * @param corsOrigins origins whose pages may call the API ("*" for any); empty for none
     * @param staticDirs  class-path folders served at "/" (the dashboard), with the WebJars at /webjars/
     */
    public record Settings(String host, int port, String apiToken, List<String> corsOrigins, List<String> staticDirs) {

        public Settings {
            corsOrigins = List.copyOf(corsOrigins);
            staticDirs = List.copyOf(staticDirs);
        }

        /** Open reads, no other origins, nothing static. */
        public static Settings of(String host, int port) {
            return new Settings(host, port, null, List.of(), List.of());
        }

        public Settings withApiToken(String token) {
            return new Settings(host, port, token, corsOrigins, staticDirs);
        }

        public Settings withCorsOrigins(List<String> origins) {
            return new Settings(host, port, apiToken, origins, staticDirs);
        }

        public Settings withStatic(String classPathDir) {
            List<String> dirs = new ArrayList<>(staticDirs);
            dirs.add(classPathDir);
            return new Settings(host, port, apiToken, corsOrigins, dirs);
        }
    }

    private final Settings settings;
    private final Javalin app;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final Set<String> openPaths = new HashSet<>();
    private final byte[] apiToken;
    private volatile byte[] adminToken;
    private volatile String description;

    public WebServer(Settings settings) {
        this.settings = settings;
        this.apiToken = token(settings.apiToken());
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = false;
            config.http.prefer405over404 = true;
            config.router.ignoreTrailingSlashes = true;
            config.jsonMapper(new JavalinJackson(json, false));
            config.validation.register(Instant.class, WebServer::instant);
            for (String dir : settings.staticDirs()) {
                config.staticFiles.add(files -> {
                    files.hostedPath = "/";
                    files.directory = dir;
                    files.location = Location.CLASSPATH;
                    files.headers = Map.of("Cache-Control", "no-cache");
                });
            }
            if (!settings.staticDirs().isEmpty()) {
                config.staticFiles.enableWebjars();   // the pages' libraries, from the jar: no CDN at run time
            }
            if (!settings.corsOrigins().isEmpty()) {
                config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    if (settings.corsOrigins().contains("*")) {
                        rule.anyHost();
                    } else {
                        rule.allowHost(settings.corsOrigins().get(0),
                                settings.corsOrigins().subList(1, settings.corsOrigins().size()).toArray(String[]::new));
                    }
                    rule.exposeHeader("Retry-After");
                }));
            }
        });
        app.before(this::authorize);
        app.exception(HttpError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(ValidationException.class, (e, ctx) -> error(ctx, 400, e.getErrors().entrySet().stream()
                .map(en -> en.getValue().stream().map(v -> problem(en.getKey(), v)).distinct().collect(Collectors.joining("; ")))
                .collect(Collectors.joining("; "))));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), switch (e.getStatus()) {
            case 404 -> "no such resource: " + ctx.path();
            case 405 -> "method not allowed: " + ctx.method() + " " + ctx.path();
            default -> e.getMessage();
        }));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("HTTP {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
        });
        route(Endpoint.get("meta", OPENAPI_PATH, "This description of the API (OpenAPI 3.1)").open()
                .produces("application/json", "The OpenAPI document"), ctx -> ctx.contentType("application/json; charset=utf-8").result(openApi()));
    }

    /** The admin token the admin routes take, or null to refuse them. */
    public WebServer adminToken(String token) {
        this.adminToken = token(token);
        return this;
    }

    /** A route and what it is. */
    public WebServer route(Endpoint endpoint, Handler handler) {
        register(endpoint);
        Handler guarded = endpoint.isAdmin() ? ctx -> {
            requireAdmin(ctx);
            handler.handle(ctx);
        } : handler;
        app.addHttpHandler(endpoint.method(), endpoint.path(), ctx -> {
            ctx.header("Cache-Control", "no-store");
            guarded.handle(ctx);
        });
        return this;
    }

    /**
     * An event stream: {@code admit} may refuse a request (by throwing an {@link HttpError}) before
     * the stream starts; then the client is handed over with its connection kept open.
     */
    public WebServer events(Endpoint endpoint, Handler admit, Consumer<SseClient> client) {
        SseHandler stream = new SseHandler(client);
        return route(endpoint.errors(406), ctx -> {
            if (!EVENT_STREAM.equals(ctx.header("Accept"))) {
                // Javalin streams only to this exact Accept, which EventSource sends: say so rather than answer nothing.
                throw new HttpError(406, "the event stream needs the header Accept: " + EVENT_STREAM);
            }
            admit.handle(ctx);
            ctx.header("X-Accel-Buffering", "no");
            stream.handle(ctx);
        });
    }

    private synchronized void register(Endpoint endpoint) {
        if (endpoint.isOpen()) {
            openPaths.add(endpoint.path());
        }
        endpoints.add(endpoint);
        description = null;
    }

    /** The OpenAPI description of every route mounted so far. */
    public synchronized String openApi() {
        if (description == null) {
            description = OpenApiDocument.json("Parley API", version(),
                    "How open each party to a conflict says it is to negotiating, from the news: the aggregate's "
                            + "figures, statements and alerts, and the feeds ingest polls.", endpoints);
        }
        return description;
    }

    public synchronized List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    public WebServer start() {
        app.start(settings.host(), settings.port());
        LOG.info("HTTP server listening on port {}", port());
        return this;
    }

    public int port() {
        return app.port();
    }

    public ObjectMapper json() {
        return json;
    }

    private void authorize(Context ctx) {
        if (apiToken == null || !ctx.path().startsWith("/api/") || openPaths.contains(ctx.path())
                || ctx.method().name().equals("OPTIONS")) {
            return;
        }
        byte[] given = presented(ctx);
        byte[] admin = adminToken;
        if (!MessageDigest.isEqual(given, apiToken) && (admin == null || !MessageDigest.isEqual(given, admin))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"parley\"");
            throw new HttpError(401, "API token missing or wrong: send Authorization: Bearer TOKEN");
        }
    }

    private void requireAdmin(Context ctx) {
        byte[] admin = adminToken;
        if (admin == null) {
            throw new HttpError(403, "the admin API is disabled: start Parley with PARLEY_ADMIN_TOKEN set");
        }
        if (!MessageDigest.isEqual(presented(ctx), admin)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"parley-admin\"");
            throw new HttpError(401, "admin token missing or wrong");
        }
    }

    private static byte[] presented(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.startsWith("Bearer ")) {
            return header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        }
        String query = ctx.queryParam("access_token");
        return query == null ? new byte[0] : query.getBytes(StandardCharsets.UTF_8);
    }

    /** A query parameter's problem as one sentence. */
    private static String problem(String parameter, ValidationError<?> error) {
        if (!"TYPE_CONVERSION_FAILED".equals(error.getMessage())) {
            return error.getMessage();
        }
        Exception cause = error.exception();
        String detail = cause instanceof IllegalArgumentException && cause.getMessage() != null ? cause.getMessage()
                : "not a valid value";
        return parameter + ": '" + error.getValue() + "' is " + detail.replaceFirst("^is ", "");
    }

    /** A time as an ISO instant ("2024-06-01T12:00:00Z") or a date (its start, UTC). */
    public static Instant instant(String value) {
        String v = value.strip();
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM:SSZ");
        }
    }

    private static byte[] token(String token) {
        return token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
    }

    private static void error(Context ctx, int status, String message) {
        if (status == HttpStatus.SERVICE_UNAVAILABLE.getCode()) {
            ctx.header("Retry-After", String.valueOf(HttpError.RETRY_AFTER_SECONDS));
        }
        ctx.header("Cache-Control", "no-store");
        ctx.status(status).json(new ErrorBody(status, message));
    }

    private static String version() {
        String v = WebServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public void close() {
        app.stop();
    }
}

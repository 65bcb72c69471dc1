package org.parley.aggregate.http;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.parley.aggregate.AggregateSettings;
import org.parley.aggregate.http.Bodies.AlertBody;
import org.parley.aggregate.http.Bodies.AlertList;
import org.parley.aggregate.http.Bodies.PartyList;
import org.parley.aggregate.http.Bodies.PartySummary;
import org.parley.aggregate.http.Bodies.StatementBody;
import org.parley.aggregate.http.Bodies.StatementList;
import org.parley.avro.PartyOpenness;
import org.parley.avro.Stance;
import org.parley.web.Endpoint;
import org.parley.web.HttpError;
import org.parley.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregate's routes: parties, their history, statements, alerts and the event stream,
 * mounted on the process's {@link WebServer}. Answers 503 until {@link #serve} attaches the
 * stores, and while they restore.
 *
 * <p>With several aggregate instances, a party's requests go to the instance that holds it and
 * list requests gather every instance's part ({@link Cluster}); a request another instance sent
 * carries {@value #SCOPE_HEADER}{@code : local} and is answered from local state only.
 */
public final class AggregateApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AggregateApi.class);
    static final String SCOPE_HEADER = "X-Parley-Scope";
    private static final String TAG = "aggregate";
    private static final String PARTY = "[A-Za-z_-]{2,12}";
    private static final int MAX_HISTORY_POINTS = 5000;
    private static final String CSV = "text/csv";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient peers = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    private final Clock clock;
    private final EventHub events = new EventHub();
    private volatile OpennessQuery query;
    private volatile PartyViews views;
    private volatile AggregateSettings settings = AggregateSettings.defaults();
    private volatile Cluster cluster = Cluster.single();

    public AggregateApi(Clock clock) {
        this.clock = clock;
    }

    /**
     * Answers from {@code query}, with these windows and the settings the aggregate counts with
     * (half-life, retention), routing through {@code cluster}.
     */
    public AggregateApi serve(OpennessQuery query, List<Windows.Window> windows, AggregateSettings settings, Cluster cluster) {
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

    /** Puts the aggregate's routes on the server. */
    public AggregateApi mount(WebServer web) {
        web.route(Endpoint.get(TAG, "/api/parties", "Every party's current figures, most statements first")
                .returns(Bodies.PartyList.class).errors(503), this::parties);
        web.route(Endpoint.get(TAG, "/api/parties/{code}", "One party: figures, rolling windows with speakers and conditions, trend, evidence")
                .path("code", "Party code, any case")
                .query("at", "The time the windows end at: YYYY-MM-DD or an ISO instant; default now")
                .returns(Bodies.PartyDetail.class).errors(404, 503), this::party);
        web.route(withCsv(Endpoint.get(TAG, "/api/parties/{code}/history", "One party's series for charts, one point per step")
                .path("code", "Party code, any case")
                .query("from", "First step's start: YYYY-MM-DD or an ISO instant; default 89 days before to")
                .query("to", "Last step's end; default now")
                .query("step", "Step length: 1h, 6h, 1d, 7d... (default 1d); at most " + MAX_HISTORY_POINTS + " points")
                .returns(Bodies.History.class), CsvExport.HISTORY).errors(503), this::history);
        web.route(withCsv(Endpoint.get(TAG, "/api/statements", "The latest statements, newest first")
                .query("party", "Only this party's")
                .query("stance", "string", "Only this stance", "OPEN", "CONDITIONAL", "CLOSED")
                .query("speaker", "Only this speaker's (as the statements name them)")
                .query("since", "Published at or after: YYYY-MM-DD or an ISO instant")
                .query("until", "Published before: YYYY-MM-DD or an ISO instant")
                .query("limit", "integer", "At most this many, 1 to 1000 (default 50)")
                .returns(Bodies.StatementList.class), CsvExport.STATEMENTS).errors(503), this::statements);
        web.route(Endpoint.get(TAG, "/api/alerts", "The latest alerts, newest first")
                .query("party", "Only this party's")
                .query("limit", "integer", "At most this many, 1 to 1000 (default 50)")
                .returns(Bodies.AlertList.class).errors(503), this::alerts);
        web.events(Endpoint.get(TAG, "/api/stream", "Live events (Server-Sent Events)")
                .description("Event `snapshot` carries a PartySummary each time a party's figures change; event `alert` an Alert. "
                        + "A comment every " + EventHub.HEARTBEAT_SECONDS + " s keeps the connection.")
                .produces("text/event-stream", "snapshot and alert events, JSON data").errors(503), ctx -> events.admit(), events::connect);
        return this;
    }

    /** A table's endpoint that also answers as CSV, with {@code ?format=csv} or {@code Accept: text/csv}. */
    private static Endpoint withCsv(Endpoint endpoint, CsvExport export) {
        return endpoint.query("format", "string", "csv for CSV (or Accept: text/csv)", "json", "csv")
                .produces(CSV, "Columns: " + String.join(",", export.columns()));
    }

    private OpennessQuery query() {
        OpennessQuery q = query;
        if (q == null) {
            throw HttpError.unavailable("the aggregate is starting");
        }
        return q;
    }

    private boolean local(Context ctx) {
        return "local".equals(ctx.header(SCOPE_HEADER));
    }

    private void parties(Context ctx) {
        List<PartySummary> mine = query().all().stream().map(PartyViews::summary).toList();
        Gathered<PartySummary> all = gather(ctx, local(ctx), PartySummary.class, "parties", mine, PartySummary::code,
                PartySummary::statements, Comparator.comparingLong(PartySummary::statements).reversed()
                        .thenComparing(PartySummary::code), Integer.MAX_VALUE);
        ctx.json(new PartyList(all.items(), all.incomplete()));
    }

    private void party(Context ctx) throws IOException {
        String code = code(ctx);
        Instant at = ctx.queryParamAsClass("at", Instant.class).getOrDefault(clock.instant());
        if (routed(ctx, code)) {
            return;
        }
        Optional<PartyOpenness> p = query().get(code);
        if (p.isEmpty()) {
            throw HttpError.notFound("no statements with a stance for party " + code + " yet");
        }
        ctx.json(views.party(p.get(), at));
    }

    /** GET /api/parties/{code}/history?from=&to=&step=: a series for charts, one point per step. */
    private void history(Context ctx) throws IOException {
        String code = code(ctx);
        Instant to = ctx.queryParamAsClass("to", Instant.class).getOrDefault(clock.instant());
        Instant from = ctx.queryParamAsClass("from", Instant.class).getOrDefault(to.minus(Duration.ofDays(89)));
        Duration step;
        try {
            step = Windows.length(Optional.ofNullable(ctx.queryParam("step")).orElse("1d"));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("step: " + e.getMessage());
        }
        if (from.isAfter(to)) {
            throw HttpError.badRequest("from " + from + " is after to " + to);
        }
        if (Duration.between(from, to).dividedBy(step) > MAX_HISTORY_POINTS) {
            throw HttpError.badRequest("at most " + MAX_HISTORY_POINTS + " points at a time: use a longer step");
        }
        if (routed(ctx, code)) {
            return;
        }
        query();
        Bodies.History body = views.history(code, from, to, step, settings.halfLife());
        if (csv(ctx)) {
            sendCsv(ctx, CsvExport.HISTORY, json.valueToTree(body), code + "-history");
        } else {
            ctx.json(body);
        }
    }

    private void statements(Context ctx) throws IOException {
        String code = party(ctx.queryParam("party"));
        int limit = limit(ctx);
        Stance stance = stance(ctx.queryParam("stance"));
        String speaker = ctx.queryParam("speaker");
        Instant since = ctx.queryParamAsClass("since", Instant.class).getOrDefault(Instant.EPOCH);
        Instant until = ctx.queryParamAsClass("until", Instant.class).getOrDefault(null);
        boolean local = local(ctx);
        if (!local && code != null && routed(ctx, code)) {
            return;
        }
        boolean filtered = stance != null || speaker != null || until != null;
        // Read more than the limit when filtering, so the filter still fills the page.
        List<StatementBody> mine = query().statements(code, since, filtered ? Math.min(10_000, limit * 20) : limit).stream()
                .filter(s -> stance == null || stance.name().equals(s.stance()))
                .filter(s -> speaker == null || speaker.equals(s.speaker()))
                .filter(s -> until == null || Instant.parse(s.publishedAt()).isBefore(until))
                .limit(limit).map(PartyViews::statement).toList();
        Gathered<StatementBody> all = gather(ctx, local || code != null, StatementBody.class, "statements", mine,
                StatementBody::id, s -> 0, Comparator.comparing(StatementBody::publishedAt).reversed(), limit);
        StatementList body = new StatementList(all.items(), all.incomplete());
        // A peer's request for its part of all parties (local, no party) is answered in JSON, to be gathered.
        boolean fragment = local && code == null;
        if (!fragment && csv(ctx)) {
            sendCsv(ctx, CsvExport.STATEMENTS, json.valueToTree(body), "statements");
        } else {
            ctx.json(body);
        }
    }

    private void alerts(Context ctx) throws IOException {
        String code = party(ctx.queryParam("party"));
        int limit = limit(ctx);
        boolean local = local(ctx);
        if (!local && code != null && routed(ctx, code)) {
            return;
        }
        List<AlertBody> mine = query().alerts(code, limit).stream().map(PartyViews::alert).toList();
        Gathered<AlertBody> all = gather(ctx, local || code != null, AlertBody.class, "alerts", mine, AlertBody::id, a -> 0,
                Comparator.comparing(AlertBody::statementAt).reversed(), limit);
        ctx.json(new AlertList(all.items(), all.incomplete()));
    }

    /** Forwards a party's request to the instance that holds it; false when that is this one (or the request is a peer's). */
    private boolean routed(Context ctx, String code) throws IOException {
        if (local(ctx)) {
            return false;
        }
        Optional<String> owner = cluster.ownerOf(code);
        if (owner.isEmpty()) {
            return false;
        }
        String q = ctx.queryString();
        if (csv(ctx) && (q == null || !q.contains("format="))) {
            q = (q == null ? "" : q + "&") + "format=csv";   // the owner does not see this request's headers
        }
        HttpResponse<byte[]> r = fetch(owner.get() + ctx.path() + (q == null ? "" : "?" + q));
        ctx.header("X-Parley-Answered-By", owner.get());
        ctx.status(r.statusCode()).contentType(r.headers().firstValue("Content-Type").orElse("application/json; charset=utf-8"))
                .result(r.body());
        return true;
    }

    /** A list from every instance: merged, sorted, cut, with the instances that did not answer. */
    private record Gathered<T>(List<T> items, List<String> incomplete) {
    }

    /**
     * This instance's list, and unless the request is local, every other instance's list under
     * the same name, merged by key (keeping the fuller record while partitions move), sorted and
     * cut to the limit. An instance that does not answer is named under "incomplete".
     */
    private <T> Gathered<T> gather(Context ctx, boolean local, Class<T> type, String name, List<T> mine, Function<T, String> key,
                                   ToLongFunction<T> fullness, Comparator<T> order, int limit) {
        Map<String, T> unique = new LinkedHashMap<>();
        List<String> incomplete = new ArrayList<>();
        List<T> all = new ArrayList<>(mine);
        if (!local) {
            JavaType listType = json.getTypeFactory().constructCollectionType(List.class, type);
            String pathAndQuery = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            for (String peer : cluster.others()) {
                try {
                    HttpResponse<byte[]> r = fetch(peer + pathAndQuery);
                    if (r.statusCode() != 200) {
                        throw new HttpError(503, peer + " answered " + r.statusCode());
                    }
                    JsonNode items = json.readTree(r.body()).path(name);
                    all.addAll(json.convertValue(items, listType));
                } catch (IOException | HttpError | IllegalArgumentException e) {
                    LOG.debug("instance {} did not answer: {}", peer, e.toString());
                    incomplete.add(peer);
                }
            }
        }
        for (T item : all) {
            unique.merge(key.apply(item), item, (a, b) -> fullness.applyAsLong(a) >= fullness.applyAsLong(b) ? a : b);
        }
        return new Gathered<>(unique.values().stream().sorted(order).limit(limit).toList(), incomplete);
    }

    private HttpResponse<byte[]> fetch(String url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header(SCOPE_HEADER, "local").GET().build();
        try {
            return peers.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            int slash = url.indexOf('/', 8);
            throw HttpError.unavailable("the instance at " + (slash < 0 ? url : url.substring(0, slash))
                    + " holding this data did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String code(Context ctx) {
        String code = party(ctx.pathParam("code"));
        if (code == null) {
            throw HttpError.notFound("no such party: " + ctx.pathParam("code"));
        }
        return code;
    }

    private static String party(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.strip().matches(PARTY)) {
            throw HttpError.badRequest("'" + value + "' is not a party code");
        }
        return value.strip().toUpperCase(Locale.ROOT);
    }

    private static Stance stance(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Stance s = Stance.valueOf(value.strip().toUpperCase(Locale.ROOT));
            if (s != Stance.NONE) {
                return s;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw HttpError.badRequest("stance must be OPEN, CONDITIONAL or CLOSED, not '" + value + "'");
    }

    private static int limit(Context ctx) {
        return ctx.queryParamAsClass("limit", Integer.class)
                .check(n -> n >= 1 && n <= 1000, "limit must be a number from 1 to 1000").getOrDefault(50);
    }

    private static boolean csv(Context ctx) {
        return CsvExport.wanted(ctx.queryParam("format"), ctx.header("Accept"));
    }

    /** A table as CSV, streamed as its rows are written. */
    private static void sendCsv(Context ctx, CsvExport export, JsonNode body, String name) throws IOException {
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "inline; filename=\"" + name + ".csv\"");
        export.write(body, ctx.outputStream());
    }

    @Override
    public void close() {
        events.close();
    }
}

package org.parley.web;

import io.javalin.http.Context;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Whether a process is alive and whether it is ready, for orchestrators and load balancers:
 * {@code /health/live} (200 while it should be left running, 503 when it should be restarted) and
 * {@code /health/ready} (200 once every check passes: the broker reachable, stream applications
 * running with their stores restored). Each stage adds its own checks; a check that throws is down.
 */
public final class Health {

    /** One check's outcome. */
    public record Status(boolean up, String detail) {

        public static Status up(String detail) {
            return new Status(true, detail);
        }

        public static Status down(String detail) {
            return new Status(false, detail);
        }
    }

    @Schema(name = "HealthCheck", description = "One check: its name, UP or DOWN, and what it saw.")
    public record CheckBody(String name, String status, String detail) {
    }

    @Schema(name = "Health", description = "UP when every check is UP (status 200), otherwise DOWN (status 503).")
    public record HealthBody(String status, List<CheckBody> checks) {
    }

    private final Map<String, Supplier<Status>> live = new LinkedHashMap<>();
    private final Map<String, Supplier<Status>> ready = new LinkedHashMap<>();

    /** A check of liveness; readiness includes it. */
    public synchronized Health live(String name, Supplier<Status> check) {
        live.put(name, check);
        return this;
    }

    /** A check of readiness only. */
    public synchronized Health ready(String name, Supplier<Status> check) {
        ready.put(name, check);
        return this;
    }

    public HealthBody liveness() {
        return evaluate(snapshot(false));
    }

    public HealthBody readiness() {
        return evaluate(snapshot(true));
    }

    private synchronized Map<String, Supplier<Status>> snapshot(boolean readiness) {
        Map<String, Supplier<Status>> checks = new LinkedHashMap<>(live);
        if (readiness) {
            checks.putAll(ready);
        }
        return checks;
    }

    private static HealthBody evaluate(Map<String, Supplier<Status>> checks) {
        List<CheckBody> bodies = new ArrayList<>();
        boolean up = true;
        for (Map.Entry<String, Supplier<Status>> e : checks.entrySet()) {
            Status s;
            try {
                s = e.getValue().get();
            } catch (RuntimeException ex) {
                s = Status.down(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
            }
            up &= s.up();
            bodies.add(new CheckBody(e.getKey(), s.up() ? "UP" : "DOWN", s.detail()));
        }
        return new HealthBody(up ? "UP" : "DOWN", bodies);
    }

    /** Serves {@code /health/live} and {@code /health/ready}, open like the metrics (no token). */
    public Health mount(WebServer web) {
        web.route(Endpoint.get("meta", "/health/live", "Whether this process should be left running").open()
                .description("DOWN when a stream application of this process has failed for good: restart the process.")
                .returns(HealthBody.class).alsoReturns(503), ctx -> answer(ctx, liveness()));
        web.route(Endpoint.get("meta", "/health/ready", "Whether this process is ready to work and serve").open()
                .description("UP once the broker is reachable and every stream application of this process is running "
                        + "with its stores restored.")
                .returns(HealthBody.class).alsoReturns(503), ctx -> answer(ctx, readiness()));
        return this;
    }

    private static void answer(Context ctx, HealthBody body) {
        ctx.status(body.status().equals("UP") ? 200 : 503).json(body);
    }
}

package org.parley.aggregate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.avro.AlertKind;
import org.parley.avro.StanceAlert;

/** Webhook delivery against a real HTTP server on 127.0.0.1 that fails on purpose. */
class WebhookSenderTest {

    record Received(Map<String, String> headers, byte[] body) {
    }

    private static final String SECRET = "s3cret";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Integer> answers = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Duration> sleeps = new ArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", ex -> {
            try (ex) {
                Map<String, String> h = new java.util.HashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
                received.add(new Received(h, ex.getRequestBody().readAllBytes()));
                int n = calls.getAndIncrement();
                int status = n < answers.size() ? answers.get(n) : 200;
                if (status == 429) {
                    ex.getResponseHeaders().set("Retry-After", "7");
                }
                ex.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI hook() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private WebhookSender sender(int attempts) {
        return new WebhookSender(new WebhookSender.Config(SECRET, attempts, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(5)), CLOCK, sleeps::add);
    }

    private static StanceAlert alert() {
        return StanceAlert.newBuilder().setId("RUS:key_speaker:a:0").setParty("RUS").setKind(AlertKind.KEY_SPEAKER)
                .setFromDirection("MIXED").setToDirection("OPEN").setPreviousMean(0).setCurrentMean(0.6)
                .setStatementText("“Let them resume,” Putin answered.").setSpeaker("Vladimir Putin").setSpeakerRole("head_of_state")
                .setStance("OPEN").setUrl("https://example.org/a").setStatementAt(Instant.parse("2024-06-01T08:00:00Z"))
                .setMessage("Vladimir Putin (head of state, RUS) made an OPEN statement on talks").build();
    }

    @Test
    void retriesServerErrorsWithBackoffAndTheSameIdempotencyKeyThenDelivers() throws Exception {
        answers.addAll(List.of(503, 500));
        WebhookSender.Outcome o = sender(5).deliver(hook(), alert());
        assertThat(o.delivered()).isTrue();
        assertThat(o.attempts()).isEqualTo(3);
        assertThat(received).hasSize(3).allSatisfy(r -> assertThat(r.headers()).containsEntry("idempotency-key", "RUS:key_speaker:a:0"));
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(800), Duration.ofSeconds(1));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(1600), Duration.ofSeconds(2));
    }

    @Test
    void signsTimestampAndBodyWithTheSharedSecret() throws Exception {
        sender(1).deliver(hook(), alert());
        Received r = received.get(0);
        assertThat(r.headers()).containsEntry("x-parley-timestamp", "1795773600");
        assertThat(r.headers()).containsEntry("content-type", "application/json; charset=utf-8");
        // The receiver's check, written out: HMAC-SHA256(secret, timestamp + "." + body).
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(("1795773600.").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String expected = java.util.HexFormat.of().formatHex(mac.doFinal(r.body()));
        assertThat(r.headers()).containsEntry("x-parley-signature", "sha256=" + expected);
        var body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("id").asText()).isEqualTo("RUS:key_speaker:a:0");
        assertThat(body.get("statement").asText()).isEqualTo("“Let them resume,” Putin answered.");
        assertThat(body.get("url").asText()).isEqualTo("https://example.org/a");
        assertThat(WebhookSender.sign("other", "1795773600", r.body())).isNotEqualTo(expected);
    }

    @Test
    void honoursRetryAfterOnTooManyRequests() throws Exception {
        answers.add(429);
        assertThat(sender(3).deliver(hook(), alert()).delivered()).isTrue();
        assertThat(sleeps).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(5600), Duration.ofSeconds(7)));
    }

    @Test
    void aClientErrorIsFinal() throws Exception {
        answers.add(410);
        WebhookSender.Outcome o = sender(5).deliver(hook(), alert());
        assertThat(o.delivered()).isFalse();
        assertThat(o.attempts()).isEqualTo(1);
        assertThat(o.lastStatus()).isEqualTo(410);
        assertThat(o.reason()).contains("HTTP 410").contains("not retried");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void givesUpAfterTheLastAttemptWhenNothingListens() throws Exception {
        server.stop(0);
        WebhookSender.Outcome o = sender(3).deliver(hook(), alert());
        assertThat(o.delivered()).isFalse();
        assertThat(o.attempts()).isEqualTo(3);
        assertThat(o.reason()).contains("after 3 attempts");
        assertThat(sleeps).hasSize(2);
    }
}

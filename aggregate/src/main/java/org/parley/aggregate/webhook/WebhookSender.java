package org.parley.aggregate.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.parley.aggregate.http.PartyViews;
import org.parley.avro.StanceAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one alert to one subscriber URL as a JSON POST, signed and retried.
 *
 * <ul>
 *   <li>{@value #SIGNATURE}: {@code sha256=} and the hex HMAC-SHA256, keyed with the shared secret,
 *       of {@code <timestamp>.<body>}; the receiver recomputes it and refuses a stale timestamp.</li>
 *   <li>{@value #TIMESTAMP}: seconds since the epoch at signing.</li>
 *   <li>{@value #IDEMPOTENCY_KEY}: the alert id, the same on every attempt and every redelivery, so
 *       the receiver can drop duplicates.</li>
 * </ul>
 * A 2xx answer delivers; a connection error, 408, 425, 429 or 5xx is retried with exponential
 * backoff (and {@code Retry-After} when the receiver gives one); any other answer is final.
 */
public final class WebhookSender {

    public static final String SIGNATURE = "X-Parley-Signature";
    public static final String TIMESTAMP = "X-Parley-Timestamp";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    /**
     * @param secret         the HMAC key shared with subscribers
     * @param maxAttempts    attempts per alert and URL, the first included
     * @param initialBackoff wait before the second attempt; doubled after each failure
     * @param maxBackoff     the longest wait between attempts
     * @param timeout        how long one request may take
     */
    public record Config(String secret, int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeout) {

        public Config {
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("webhooks need a signing secret");
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("at least one attempt");
            }
        }

        public static Config of(String secret) {
            return new Config(secret, 6, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(10));
        }
    }

    /** How a delivery ended. */
    public record Outcome(boolean delivered, int attempts, int lastStatus, String reason) {
    }

    /** Waits between attempts; tests may record instead of sleeping. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Config config;
    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ObjectMapper json = new ObjectMapper();

    public WebhookSender(Config config, Clock clock) {
        this(config, clock, d -> Thread.sleep(d.toMillis()));
    }

    WebhookSender(Config config, Clock clock, Sleeper sleeper) {
        this.config = config;
        this.clock = clock;
        this.sleeper = sleeper;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Outcome deliver(URI url, StanceAlert alert) throws InterruptedException {
        byte[] body = body(alert);
        Duration backoff = config.initialBackoff();
        int status = 0;
        String reason = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            Duration wait = backoff;
            try {
                String timestamp = Long.toString(clock.instant().getEpochSecond());
                HttpRequest request = HttpRequest.newBuilder(url).timeout(config.timeout())
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("User-Agent", "Parley-Webhooks/1")
                        .header(IDEMPOTENCY_KEY, alert.getId())
                        .header(TIMESTAMP, timestamp)
                        .header(SIGNATURE, "sha256=" + sign(config.secret(), timestamp, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                status = r.statusCode();
                if (status / 100 == 2) {
                    return new Outcome(true, attempt, status, null);
                }
                reason = "HTTP " + status;
                if (!(status == 408 || status == 425 || status == 429 || status / 100 == 5)) {
                    return new Outcome(false, attempt, status, reason + " (not retried)");
                }
                wait = retryAfter(r.headers().firstValue("Retry-After").orElse(null), backoff);
            } catch (IOException e) {
                status = 0;
                reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt < config.maxAttempts()) {
                LOG.debug("webhook {} attempt {} for {} failed ({}); next in {}", url, attempt, alert.getId(), reason, wait);
                sleeper.sleep(jitter(wait));
                backoff = min(backoff.multipliedBy(2), config.maxBackoff());
            }
        }
        return new Outcome(false, config.maxAttempts(), status, reason + " after " + config.maxAttempts() + " attempts");
    }

    /** The HMAC-SHA256 of {@code timestamp.body} under the secret, in hex: what {@value #SIGNATURE} carries after "sha256=". */
    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] body(StanceAlert alert) {
        try {
            return json.writeValueAsBytes(PartyViews.alert(alert));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write alert " + alert.getId(), e);
        }
    }

    private Duration retryAfter(String header, Duration backoff) {
        if (header != null && header.strip().matches("\\d{1,6}")) {
            return min(Duration.ofSeconds(Long.parseLong(header.strip())), config.maxBackoff());
        }
        return backoff;
    }

    /** Up to a fifth less, so that many senders retrying at once spread out. */
    private static Duration jitter(Duration d) {
        long ms = d.toMillis();
        return Duration.ofMillis(ms - (ms <= 5 ? 0 : ThreadLocalRandom.current().nextLong(ms / 5)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

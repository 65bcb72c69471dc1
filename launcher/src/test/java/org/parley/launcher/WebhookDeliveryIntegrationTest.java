package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.parley.aggregate.webhook.WebhookDispatcher;
import org.parley.aggregate.webhook.WebhookSender;
import org.parley.avro.AlertKind;
import org.parley.avro.DeadLetter;
import org.parley.avro.StanceAlert;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topics;

/**
 * Alerts from {@code parley.alerts.v1} to subscribers' webhooks on a real broker: a receiver on
 * 127.0.0.1 that fails once gets the alert on the retry, signed and with the same idempotency key;
 * a receiver that refuses it leaves a dead letter with the reason.
 */
@ExtendWith(KafkaClusterExtension.class)
class WebhookDeliveryIntegrationTest {

    @Test
    void deliversAlertsWithRetriesAndDeadLettersWhatIsRefused(KafkaCluster kafka) throws Exception {
        TopicSetup.ensureTopics(KafkaClientConfig.of(kafka.bootstrapServers()), 2, (short) 1);
        List<Map<String, String>> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                String ts = ex.getRequestHeaders().getFirst("X-Parley-Timestamp");
                received.add(Map.of("key", ex.getRequestHeaders().getFirst("Idempotency-Key"),
                        "valid", String.valueOf(ex.getRequestHeaders().getFirst("X-Parley-Signature")
                                .equals("sha256=" + WebhookSender.sign("secret", ts, body)))));
                ex.sendResponseHeaders(calls.getAndIncrement() == 0 ? 503 : 204, -1);
            }
        });
        server.createContext("/gone", ex -> {
            try (ex) {
                ex.sendResponseHeaders(410, -1);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String id = "RUS:key_speaker:webhook-test-" + System.nanoTime() + ":0";
        WebhookSender.Config config = new WebhookSender.Config("secret", 3, Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(5));
        try (WebhookDispatcher dispatcher = new WebhookDispatcher(KafkaClientConfig.of(kafka.bootstrapServers()),
                List.of(URI.create(base + "/ok"), URI.create(base + "/gone")), config, Clock.systemUTC()).start()) {
            await().atMost(Duration.ofSeconds(60)).until(dispatcher::assigned);
            publish(kafka, id);
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 2);
            assertThat(received).hasSize(2).allSatisfy(r -> {
                assertThat(r).containsEntry("key", id);
                assertThat(r).containsEntry("valid", "true");
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetters(kafka))
                    .anySatisfy(dl -> {
                        assertThat(dl.getStage()).isEqualTo("webhook");
                        assertThat(dl.getErrorType()).isEqualTo("WebhookDeliveryFailed");
                        assertThat(dl.getKey()).isEqualTo(id);
                        assertThat(dl.getErrorMessage()).contains("/gone").contains("HTTP 410");
                    }));
        } finally {
            server.stop(0);
        }
    }

    private static void publish(KafkaCluster kafka, String id) throws Exception {
        StanceAlert alert = StanceAlert.newBuilder().setId(id).setParty("RUS").setKind(AlertKind.KEY_SPEAKER)
                .setFromDirection("MIXED").setToDirection("OPEN").setPreviousMean(0).setCurrentMean(0.4)
                .setStatementText("Putin said Russia was ready to resume talks.").setSpeaker("Vladimir Putin")
                .setSpeakerRole("head_of_state").setStance("OPEN").setUrl("https://example.org/a")
                .setStatementAt(Instant.parse("2025-06-01T12:00:00Z")).setMessage("test alert").build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.ALERTS.name(), "RUS", Topics.ALERTS.valueSerde().encode(alert))).get();
        }
    }

    private static List<DeadLetter> deadLetters(KafkaCluster kafka) {
        return TopicReader.readAll(kafka, Topics.DEAD_LETTERS.name()).stream()
                .map(r -> Topics.DEAD_LETTERS.valueSerde().decode(r.value())).toList();
    }
}

package org.parley.aggregate.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.parley.avro.DeadLetter;
import org.parley.avro.StanceAlert;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.DeadLetters;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every alert on {@code parley.alerts.v1} to the configured webhook URLs. The consumer group
 * {@value #GROUP} shares the work among instances, so each alert is delivered by one of them; the
 * offset is committed only after its deliveries ended, so a crash redelivers (subscribers drop
 * the repeat by its idempotency key). An alert a URL never took goes to the dead-letter topic
 * with the reason.
 */
public final class WebhookDispatcher implements AutoCloseable {

    public static final String GROUP = "parley-webhooks";
    public static final String STAGE = "webhook";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final List<URI> urls;
    private final WebhookSender sender;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean assigned;

    public WebhookDispatcher(KafkaClientConfig kafka, List<URI> urls, WebhookSender.Config config, Clock clock) {
        this.urls = List.copyOf(urls);
        this.clock = clock;
        this.sender = new WebhookSender(config, clock);
        Properties c = kafka.properties();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        // A batch may wait out every retry of every URL.
        long worst = (config.maxBackoff().toMillis() + config.timeout().toMillis()) * config.maxAttempts() * 20L * Math.max(1, urls.size());
        c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, Math.max(300_000L, worst)));
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        Properties p = kafka.with(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "parley-webhooks");
        this.thread.setDaemon(true);
    }

    /** Whether this instance has its partitions and their start positions: from then on no new alert is missed. */
    public boolean assigned() {
        return assigned;
    }

    public WebhookDispatcher start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.ALERTS.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assigned = false;
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // Settle where each partition starts now, so that an alert raised from here on is delivered.
                    partitions.forEach(consumer::position);
                    assigned = true;
                }
            });
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    handle(r);
                }
                consumer.commitSync();
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("webhook delivery stopped: {}", e.toString());
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
            producer.close(Duration.ofSeconds(2));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) throws InterruptedException {
        String source = r.topic() + "-" + r.partition() + "@" + r.offset();
        StanceAlert alert;
        try {
            alert = Topics.ALERTS.valueSerde().decode(r.value());
        } catch (SerializationException e) {
            deadLetter(source, r.key(), r.value(), "UndecodableRecord", e.getMessage());
            return;
        }
        for (URI url : urls) {
            WebhookSender.Outcome o = sender.deliver(url, alert);
            if (o.delivered()) {
                LOG.info("alert {} delivered to {} (attempt {})", alert.getId(), url, o.attempts());
            } else {
                LOG.warn("alert {} not delivered to {}: {}", alert.getId(), url, o.reason());
                deadLetter(source, alert.getId(), r.value(), "WebhookDeliveryFailed", url + ": " + o.reason());
            }
        }
    }

    private void deadLetter(String source, String key, byte[] payload, String type, String reason) {
        DeadLetter dl = DeadLetters.of(STAGE, source, key, payload, type, reason, clock.instant());
        producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), STAGE, Topics.DEAD_LETTERS.valueSerde().encode(dl)));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.parley.aggregate.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.parley.avro.DeadLetter;
import org.parley.avro.PartyOpenness;
import org.parley.avro.StanceAlert;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the output topics (every partition, from their end, committed records only) and hands
 * each new snapshot, alert and dead letter to its listeners: the event stream and the metrics.
 * Every instance sees every party this way, whichever instance computed it. A record it cannot
 * decode is skipped with a warning; a failing listener does not stop the others.
 */
public final class LiveFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    /** What a listener is told; each method runs on the feed's thread and should return quickly. */
    public interface Listener {
        default void snapshot(PartyOpenness p) {
        }

        default void alert(StanceAlert a) {
        }

        default void deadLetter(DeadLetter d) {
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Listener> listeners;
    private final Thread thread;
    private volatile boolean running = true;

    public LiveFeed(KafkaClientConfig kafka, List<Listener> listeners) {
        Properties p = kafka.properties();
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "parley-live");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.listeners = List.copyOf(listeners);
        this.thread = new Thread(this::run, "parley-live-feed");
        this.thread.setDaemon(true);
    }

    public LiveFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.PARTY_OPENNESS.name(), Topics.ALERTS.name(), Topics.DEAD_LETTERS.name())) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(60))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    dispatch(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("live feed stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> r) {
        try {
            if (r.topic().equals(Topics.PARTY_OPENNESS.name())) {
                PartyOpenness p = Topics.PARTY_OPENNESS.valueSerde().decode(r.value());
                listeners.forEach(l -> safely(() -> l.snapshot(p)));
            } else if (r.topic().equals(Topics.ALERTS.name())) {
                StanceAlert a = Topics.ALERTS.valueSerde().decode(r.value());
                listeners.forEach(l -> safely(() -> l.alert(a)));
            } else {
                DeadLetter d = Topics.DEAD_LETTERS.valueSerde().decode(r.value());
                listeners.forEach(l -> safely(() -> l.deadLetter(d)));
            }
        } catch (SerializationException e) {
            LOG.warn("live feed skipped {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("live feed listener failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.parley.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.parley.web.Health;
import org.parley.schemas.KafkaClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops one Kafka Streams application. Exactly-once processing; a thread that dies of
 * an unexpected error is replaced rather than taking the application down.
 */
final class StreamsRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);
    static final int SESSION_TIMEOUT_MS = 10_000;

    private final KafkaStreams streams;
    private final String applicationId;
    private final KafkaClientConfig kafka;
    /** Partitions whose stores are being restored from their changelogs. */
    private final Set<TopicPartition> restoring = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    StreamsRunner(String applicationId, Topology topology, KafkaClientConfig kafka, Path stateDir, Properties extra) {
        this.applicationId = applicationId;
        this.kafka = kafka;
        Properties p = kafka.properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // How often a stage commits its transaction: what a reader downstream waits for at least. 200 ms unless configured.
        p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // After a crash the group waits for the dead member's session to expire before it rebalances:
        // 10 s rather than the default 45 s, so a restarted instance serves again within 30 s.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), SESSION_TIMEOUT_MS / 3);
        p.putAll(extra);
        this.streams = new KafkaStreams(topology, p);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("{}: stream thread failed, replacing it", applicationId, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("{}: {} -> {}", applicationId, before, now));
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
                restoring.add(partition);
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
                restoring.remove(partition);
            }

            @Override
            public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
                restoring.remove(partition);
            }
        });
    }

    /** Alive unless the application has failed for good or stopped without being closed. */
    Health.Status liveness() {
        KafkaStreams.State state = streams.state();
        boolean failed = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                || (state == KafkaStreams.State.NOT_RUNNING && !closing);
        return failed ? Health.Status.down(state.name()) : Health.Status.up(state.name());
    }

    /** Ready once running with no store being restored. */
    Health.Status readiness() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return Health.Status.down(state.name());
        }
        int n = restoring.size();
        return n == 0 ? Health.Status.up(state.name())
                : Health.Status.down("RUNNING, restoring the stores of " + n + " partition" + (n == 1 ? "" : "s"));
    }

    String applicationId() {
        return applicationId;
    }

    /**
     * Moves this application's consumer group to the earliest offsets of a topic and wipes its local
     * state, so that it processes the topic again from the beginning. The group must have no
     * running members.
     */
    void resetToEarliest(String topic) {
        streams.cleanUp();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(kafka.properties())) {
            var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions();
            java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets = new java.util.HashMap<>();
            for (var info : partitions) {
                offsets.put(new org.apache.kafka.common.TopicPartition(topic, info.partition()),
                        new org.apache.kafka.clients.consumer.OffsetAndMetadata(0));
            }
            admin.alterConsumerGroupOffsets(applicationId, offsets).all().get();
            LOG.info("{}: reset to the beginning of {} for reprocessing", applicationId, topic);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot reset " + applicationId + " (stop its other instances first): "
                    + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting " + applicationId, e);
        }
    }

    KafkaStreams streams() {
        return streams;
    }

    void start() {
        streams.start();
    }

    @Override
    public void close() {
        closing = true;
        // Leave the group on a deliberate stop: the others take over at once, and --reprocess can
        // move the group's offsets without waiting for the session to time out.
        streams.close(org.apache.kafka.streams.CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        LOG.info("{} stopped", applicationId);
    }
}

package org.parley.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops one Kafka Streams application. Exactly-once processing; a thread that dies of
 * an unexpected error is replaced rather than taking the application down.
 */
final class StreamsRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    private final KafkaStreams streams;
    private final String applicationId;

    StreamsRunner(String applicationId, Topology topology, String bootstrapServers, Path stateDir, Properties extra) {
        this.applicationId = applicationId;
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.putAll(extra);
        this.streams = new KafkaStreams(topology, p);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("{}: stream thread failed, replacing it: {}", applicationId, e.toString());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("{}: {} -> {}", applicationId, before, now));
    }

    KafkaStreams streams() {
        return streams;
    }

    void start() {
        streams.start();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        LOG.info("{} stopped", applicationId);
    }
}

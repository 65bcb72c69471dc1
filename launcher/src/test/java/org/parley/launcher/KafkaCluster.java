package org.parley.launcher;

/**
 * A Kafka cluster for integration tests.
 *
 * @param kind "testcontainers" (a real broker in Docker) or "embedded" (Parley's in-JVM broker)
 */
public record KafkaCluster(String bootstrapServers, String kind) {
}

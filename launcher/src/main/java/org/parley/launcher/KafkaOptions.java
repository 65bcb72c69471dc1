package org.parley.launcher;

import picocli.CommandLine.Option;

/** Where Kafka is and how Parley's topics are laid out. */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "An external Kafka cluster to use. Without it, 'run' starts an embedded broker.")
    String bootstrapServers;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of topics Parley creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1",
            description = "Replication factor of topics Parley creates (default: ${DEFAULT-VALUE}).")
    short replicationFactor;
}

package org.parley.launcher;

import java.nio.file.Path;
import org.parley.schemas.KafkaClientConfig;
import picocli.CommandLine.Option;

/** Where Kafka is, how every client reaches it, and how Parley's topics are laid out. */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "An external Kafka cluster to use. Without it (and without bootstrap.servers in --kafka-config "
                    + "or PARLEY_KAFKA_BOOTSTRAP_SERVERS), 'run' starts an embedded broker.")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client settings for every producer, consumer, admin client and stream (Java properties: "
                    + "security.protocol, sasl.mechanism, sasl.jaas.config, ssl.*...). PARLEY_KAFKA_* environment variables "
                    + "(PARLEY_KAFKA_SASL_MECHANISM is sasl.mechanism) override the file; --bootstrap-servers overrides both. "
                    + "Secrets are never logged.")
    Path kafkaConfig;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of topics Parley creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1",
            description = "Replication factor of topics Parley creates (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    /** The client configuration from the options, the environment and the file; its bootstrap servers may be null. */
    KafkaClientConfig config() {
        try {
            return KafkaClientConfig.load(kafkaConfig, System.getenv(), bootstrapServers);
        } catch (IllegalArgumentException e) {
            throw new Parley.UsageError(e.getMessage());
        }
    }

    /** The configuration of the external cluster a single stage runs against. */
    KafkaClientConfig cluster(String what) {
        KafkaClientConfig c = config();
        if (c.bootstrapServers() == null) {
            throw new Parley.UsageError(what + " runs one stage against a cluster: give --bootstrap-servers (or use 'parley run')");
        }
        return c;
    }
}

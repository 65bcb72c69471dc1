package org.parley.launcher;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Gives integration tests a real Kafka: Testcontainers' {@code apache/kafka} image (tagged with
 * the client's own version, passed by the build as {@code parley.kafka.version}) when a Docker engine answers, Parley's embedded KRaft broker in this
 * JVM otherwise, so the same tests run everywhere. One cluster per test JVM, stopped at its end.
 * {@code -Dparley.test.kafka=embedded|testcontainers} forces a choice.
 */
public final class KafkaClusterExtension implements ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, k -> start(), Running.class).cluster;
    }

    /**
     * A cluster of its own, chosen as the shared one is, for a test that needs topics and consumer
     * groups no other test has used; the caller closes it.
     */
    static Running startFresh() {
        return start();
    }

    @SuppressWarnings("deprecation")
    static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final KafkaCluster cluster;
        final AutoCloseable resource;

        Running(KafkaCluster cluster, AutoCloseable resource) {
            this.cluster = cluster;
            this.resource = resource;
        }

        KafkaCluster cluster() {
            return cluster;
        }

        @Override
        public void close() {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the test cluster: " + e.getMessage(), e);
            }
        }
    }

    private static Running start() {
        String wanted = System.getProperty("parley.test.kafka", "auto");
        boolean docker = !wanted.equals("embedded") && (wanted.equals("testcontainers") || dockerAnswers());
        if (docker) {
            KafkaContainer kafka = new KafkaContainer(DockerImageName.parse("apache/kafka:" + System.getProperty("parley.kafka.version", "4.4.0")));
            kafka.start();
            LOG.info("integration tests use Kafka in Docker at {}", kafka.getBootstrapServers());
            return new Running(new KafkaCluster(kafka.getBootstrapServers(), "testcontainers"), kafka::stop);
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(null, 0);
        LOG.info("no Docker engine: integration tests use the embedded broker at {}", kafka.bootstrapServers());
        return new Running(new KafkaCluster(kafka.bootstrapServers(), "embedded"), kafka);
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}

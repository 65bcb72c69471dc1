package org.parley.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) in this JVM, so
 * that one command runs the whole pipeline on a fresh machine. Its log directory is formatted on
 * first start and kept, so a restart keeps topics, offsets and state.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int port;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, boolean deleteOnClose, int port) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
    }

    /**
     * Starts a broker.
     *
     * @param dataDir where the log lives; null for a temporary directory deleted on close
     * @param port    the client port; 0 for a free one
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        try {
            Path dir = dataDir == null ? Files.createTempDirectory("parley-kafka-") : dataDir;
            EmbeddedKafka kafka = new EmbeddedKafka(dir, dataDir == null, port == 0 ? freePort() : port);
            kafka.startServer();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka data directory: " + e.getMessage(), e);
        }
    }

    private void startServer() throws IOException {
        long t0 = System.nanoTime();
        Path logDir = dataDir.resolve("kafka-logs");
        Files.createDirectories(logDir);
        int controllerPort = freePort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.segment.bytes", String.valueOf(64 << 20));
        KafkaConfig config = new KafkaConfig(p, false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(logDir);
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        LOG.info("embedded Kafka broker started on {} in {} ms (data in {})", bootstrapServers(),
                (System.nanoTime() - t0) / 1_000_000, logDir);
    }

    private static void format(Path logDir) {
        try (PrintStream quiet = new PrintStream(PrintStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName("CONTROLLER")
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.info("embedded Kafka broker stopped");
        }
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.getMessage());
        }
    }
}

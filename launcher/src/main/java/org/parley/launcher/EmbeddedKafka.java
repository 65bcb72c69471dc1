package org.parley.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.TransactionVersion;
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
    /** Users and passwords a SASL/PLAIN client listener accepts; null for a plaintext listener. */
    private final Map<String, String> saslUsers;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, boolean deleteOnClose, int port, Map<String, String> saslUsers) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
        this.saslUsers = saslUsers;
    }

    /**
     * Starts a broker.
     *
     * @param dataDir where the log lives; null for a temporary directory deleted on close
     * @param port    the client port; 0 for a free one
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, null);
    }

    /**
     * Starts a broker in a temporary directory whose client listener requires SASL/PLAIN
     * authentication ({@code security.protocol=SASL_PLAINTEXT}), as managed Kafka services do;
     * the broker talks to itself on a separate plaintext listener.
     *
     * @param users the user names and passwords it accepts
     */
    static EmbeddedKafka startWithSaslPlain(Map<String, String> users) {
        return start(null, 0, Map.copyOf(users));
    }

    private static EmbeddedKafka start(Path dataDir, int port, Map<String, String> saslUsers) {
        try {
            Path dir = dataDir == null ? Files.createTempDirectory("parley-kafka-") : dataDir;
            EmbeddedKafka kafka = new EmbeddedKafka(dir, dataDir == null, port == 0 ? freePort() : port, saslUsers);
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
        if (saslUsers == null) {
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
        } else {
            int internalPort = freePort();
            p.put("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internalPort
                    + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internalPort);
            p.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "INTERNAL");
            p.put("sasl.enabled.mechanisms", "PLAIN");
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            saslUsers.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
            p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
        }
        p.put("controller.listener.names", "CONTROLLER");
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
        // After a crash the restarted broker registers again only once its old registration's session
        // has expired (9 s by default): one node needs no such patience.
        p.put("broker.session.timeout.ms", "2000");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("log.segment.bytes", String.valueOf(64 << 20));
        KafkaConfig config = new KafkaConfig(p, false);
        boolean restart = Files.exists(logDir.resolve("meta.properties"));
        if (!restart) {
            format(logDir, TRANSACTION_VERSION);
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        if (restart && saslUsers == null) {
            useTransactionsV1();
            completeTransactionsLeftOpen();
        }
        LOG.info("embedded Kafka broker started on {} in {} ms (data in {})", bootstrapServers(),
                (System.nanoTime() - t0) / 1_000_000, logDir);
    }

    /**
     * The transaction protocol this broker speaks: version 1, not Kafka 4's default 2 (KIP-890).
     * Measured in {@code CrashRecoveryIT} on one core: after a SIGKILL, the admin client's abort of a
     * transaction left open ({@link HangingTransactions}) was refused with
     * {@code InvalidProducerEpochException} under version 2, which checks a marker's epoch strictly,
     * and the restarted enrich then stayed in REBALANCING for good. Version 1 is the protocol
     * exactly-once Kafka Streams ran on for years; one broker in the process of its only producers
     * needs nothing of version 2's extra defence against zombie producers on a network.
     */
    static final short TRANSACTION_VERSION = TransactionVersion.TV_1.featureLevel();

    /** How long a restart waits for the broker to settle before it looks for transactions left open. */
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    /** See {@link HangingTransactions}: before any client is handed the broker. */
    private void completeTransactionsLeftOpen() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(p)) {
            new HangingTransactions(admin, new InetSocketAddress("127.0.0.1", port)).completeLeftOpen(SETTLE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A log formatted by an earlier Parley runs transactions version 2: move it to {@link #TRANSACTION_VERSION}. */
    private void useTransactionsV1() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(p)) {
            var finalized = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS).finalizedFeatures()
                    .get(TransactionVersion.FEATURE_NAME);
            if (finalized != null && finalized.maxVersionLevel() > TRANSACTION_VERSION) {
                admin.updateFeatures(Map.of(TransactionVersion.FEATURE_NAME,
                        new FeatureUpdate(TRANSACTION_VERSION, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
                        new UpdateFeaturesOptions()).all().get(30, TimeUnit.SECONDS);
                LOG.info("transactions version {} -> {} on the existing log", finalized.maxVersionLevel(), TRANSACTION_VERSION);
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("cannot move the existing log to transactions version {}: {}", TRANSACTION_VERSION, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Formats a new log; the transactions version is a parameter for the test of a log an earlier Parley formatted. */
    static void format(Path logDir, short transactionVersion) {
        try (PrintStream quiet = new PrintStream(PrintStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setFeatureLevel(TransactionVersion.FEATURE_NAME, transactionVersion)
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

    /** Deletes a directory and everything in it; a failure is logged, not thrown. */
    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.getMessage());
        }
    }
}

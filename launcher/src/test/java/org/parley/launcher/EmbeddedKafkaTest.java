package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.server.common.TransactionVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker's transaction protocol, on a new log and on one an earlier Parley formatted. */
class EmbeddedKafkaTest {

    private static short transactionVersion(EmbeddedKafka kafka) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            FinalizedVersionRange v = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS).finalizedFeatures()
                    .get(TransactionVersion.FEATURE_NAME);
            return v == null ? 0 : v.maxVersionLevel();
        }
    }

    @Test
    void aNewLogRunsTransactionsVersionOne(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            assertThat(transactionVersion(kafka)).isEqualTo(TransactionVersion.TV_1.featureLevel());
        }
    }

    @Test
    void aLogFormattedWithVersionTwoIsMovedToVersionOneWhenTheBrokerStartsOnIt(@TempDir Path dir) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("kafka-logs"));
        EmbeddedKafka.format(logs, TransactionVersion.TV_2.featureLevel());
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            assertThat(transactionVersion(kafka)).isEqualTo(TransactionVersion.TV_1.featureLevel());
        }
    }
}

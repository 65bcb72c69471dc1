package org.parley.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {

    @Test
    void fileThenEnvironmentThenCommandLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("kafka.properties"), """
                bootstrap.servers=file:9092
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";
                """);
        KafkaClientConfig c = KafkaClientConfig.load(file,
                Map.of("PARLEY_KAFKA_SASL_MECHANISM", "PLAIN", "PARLEY_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "HOME", "/root"), null);
        assertThat(c.bootstrapServers()).isEqualTo("env:9092");
        assertThat(c.properties()).containsEntry("sasl.mechanism", "PLAIN").containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey("home");
        assertThat(KafkaClientConfig.load(file, Map.of("PARLEY_KAFKA_BOOTSTRAP_SERVERS", "env:9092"), "cli:9092").bootstrapServers())
                .isEqualTo("cli:9092");
    }

    @Test
    void aClientsOwnSettingsWinAndSecretsNeverShow() {
        KafkaClientConfig c = KafkaClientConfig.load(null, Map.of("PARLEY_KAFKA_SASL_JAAS_CONFIG", "x password=\"hunter2\";",
                "PARLEY_KAFKA_SSL_KEYSTORE_PASSWORD", "hunter3", "PARLEY_KAFKA_ACKS", "1"), "h:9092");
        assertThat(c.with(Map.of("acks", "all"))).containsEntry("acks", "all").containsEntry("bootstrap.servers", "h:9092");
        assertThat(c.toString()).doesNotContain("hunter").contains("sasl.jaas.config=[hidden]", "h:9092");
    }

    @Test
    void aMissingFileIsAOneLineErrorAndNoServersNamesNoCluster(@TempDir Path dir) {
        KafkaClientConfig none = KafkaClientConfig.load(null, Map.of("PARLEY_KAFKA_SASL_MECHANISM", "PLAIN"), " ");
        assertThat(none.bootstrapServers()).isNull();
        assertThat(none.hasClientSettings()).isTrue();
        assertThat(KafkaClientConfig.of("h:9092").hasClientSettings()).isFalse();
        assertThatThrownBy(() -> KafkaClientConfig.load(dir.resolve("none.properties"), Map.of(), "h:9092"))
                .hasMessage("--kafka-config: no such file: " + dir.resolve("none.properties"));
    }

    @Test
    void theVariablesOfParleysOwnKafkaOptionsAreNoClientSettings() {
        KafkaClientConfig c = KafkaClientConfig.load(null, Map.of("PARLEY_KAFKA_CONFIG", "/etc/kafka.properties",
                "PARLEY_KAFKA_PORT", "9092", "PARLEY_KAFKA_ACKS", "all"), "h:9092");
        assertThat(c.masked()).containsOnlyKeys("bootstrap.servers", "acks");
    }
}

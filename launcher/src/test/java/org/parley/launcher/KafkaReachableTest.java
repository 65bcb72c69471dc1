package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.parley.schemas.KafkaClientConfig;

class KafkaReachableTest {

    @Test
    void aClusterThatDoesNotAnswerIsDownWithinSeconds() {
        try (KafkaReachable probe = new KafkaReachable(KafkaClientConfig.of("127.0.0.1:" + EmbeddedKafka.freePort()))) {
            long t0 = System.nanoTime();
            var status = probe.check();
            assertThat(status.up()).isFalse();
            assertThat(status.detail()).startsWith("cluster not reachable");
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
        }
    }

    @Test
    void aClusterThatAnswersIsUp() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(null, 0);
                KafkaReachable probe = new KafkaReachable(KafkaClientConfig.of(kafka.bootstrapServers()))) {
            assertThat(probe.check()).isEqualTo(org.parley.web.Health.Status.up("1 broker"));
        }
    }
}

package org.parley.ingest.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PollPolicyTest {

    private final PollPolicy policy = new PollPolicy(Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofHours(6),
            Duration.ofSeconds(30), Duration.ofHours(2), 12, Duration.ofHours(6));

    @Test
    void pollsMoreOftenWhenMostItemsAreNewAndLessWhenFewAre() {
        assertThat(policy.afterSuccess(Duration.ofMinutes(10), 8, 10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.afterSuccess(Duration.ofMinutes(10), 0, 10)).isEqualTo(Duration.ofMinutes(15));
        assertThat(policy.afterSuccess(Duration.ofMinutes(10), 3, 10)).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.afterSuccess(Duration.ofMinutes(10), 0, 0)).as("304 Not Modified").isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void intervalStaysWithinItsBounds() {
        assertThat(policy.afterSuccess(Duration.ofMinutes(3), 10, 10)).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.afterSuccess(Duration.ofHours(5), 0, 10)).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void failuresBackOffExponentiallyWithJitterUpToTheCap() {
        Random random = new Random(42);
        for (int n = 1; n <= 5; n++) {
            long base = 30_000L << (n - 1);
            Duration d = policy.backoff(n, random);
            assertThat(d.toMillis()).as("failure %d", n).isBetween(base / 2, base * 3 / 2);
        }
        assertThat(policy.backoff(30, random)).isLessThan(Duration.ofHours(3)).isGreaterThanOrEqualTo(Duration.ofHours(1));
    }

    @Test
    void retryAfterIsHonouredWithinBounds() {
        assertThat(policy.retryAfter(Duration.ofSeconds(120), Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(120));
        assertThat(policy.retryAfter(Duration.ofDays(30), Duration.ofMinutes(10))).isEqualTo(Duration.ofHours(6));
        assertThat(policy.retryAfter(null, Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void parksAtTheWeightedThreshold() {
        assertThat(policy.parks(11)).isFalse();
        assertThat(policy.parks(12)).isTrue();
    }
}

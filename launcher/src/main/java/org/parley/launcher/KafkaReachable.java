package org.parley.launcher;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.parley.schemas.KafkaClientConfig;
import org.parley.web.Health;

/** The readiness check that the cluster answers; an answer is kept for a second, so probes do not load the broker. */
final class KafkaReachable implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration KEEP = Duration.ofSeconds(1);

    private final Admin admin;
    private Health.Status last;
    private long lastAt;

    KafkaReachable(KafkaClientConfig kafka) {
        var p = kafka.properties();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "parley-health");
        this.admin = Admin.create(p);
    }

    synchronized Health.Status check() {
        if (last != null && System.nanoTime() - lastAt < KEEP.toNanos()) {
            return last;
        }
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis())).nodes()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            last = Health.Status.up(brokers + " broker" + (brokers == 1 ? "" : "s"));
        } catch (ExecutionException | TimeoutException e) {
            last = Health.Status.down("cluster not reachable: " + Parley.oneLine(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            last = Health.Status.down("interrupted");
        }
        lastAt = System.nanoTime();
        return last;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}

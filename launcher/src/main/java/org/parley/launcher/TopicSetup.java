package org.parley.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topic;
import org.parley.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates Parley's topics that do not exist yet, with the configured partitions and replication. */
final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {
    }

    /**
     * A topic's settings. Records keep time by their arrival (LogAppendTime): ingest stamps them
     * with the publication time, and with time by creation a backfill's articles (published years
     * ago) were past the retention the moment they landed and deleted at the broker's next check.
     * The publication time travels in every record's value.
     */
    static Map<String, String> configs(Topic<?> t) {
        Map<String, String> c = new java.util.HashMap<>();
        c.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        if (t.compacted()) {
            c.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        return c;
    }

    /**
     * Creates topics; one that exists by the time it is created counts as done: the stages of a
     * deployment start together, and each creates what it finds missing (compose starts them at
     * once; ScaleOutIT's stages once failed so).
     *
     * @return the topics this call created
     */
    static List<String> create(Admin admin, List<NewTopic> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        List<String> created = new ArrayList<>();
        if (topics.isEmpty()) {
            return created;
        }
        CreateTopicsResult result = admin.createTopics(topics);
        for (NewTopic t : topics) {
            try {
                result.values().get(t.name()).get(60, TimeUnit.SECONDS);
                created.add(t.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    static void ensureTopics(KafkaClientConfig kafka, int partitions, short replicationFactor) {
        String bootstrapServers = kafka.bootstrapServers();
        Properties p = kafka.with(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?> t : Topics.all()) {
                if (!existing.contains(t.name())) {
                    missing.add(new NewTopic(t.name(), partitions, replicationFactor).configs(configs(t)));
                }
            }
            List<String> created = create(admin, missing);
            if (!created.isEmpty()) {
                LOG.info("created topics {}", created);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics on " + bootstrapServers + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}

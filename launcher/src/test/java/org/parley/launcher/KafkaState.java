package org.parley.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a cluster's topics stand, in one line per partition, for a failing integration test to
 * say why a stage stands still: each partition's end (high watermark), its last stable offset
 * (where read_committed readers stop: lower while a transaction is open), what a consumer group
 * has committed there, and the producers with a transaction open on it.
 */
final class KafkaState {

    private KafkaState() {
    }

    /** The topics' partitions as the given consumer group sees them; a line saying why where the admin client fails. */
    static String describe(KafkaCluster kafka, String group, String... topics) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            admin.describeTopics(List.of(topics)).allTopicNames().get(10, TimeUnit.SECONDS).forEach((topic, d) ->
                    d.partitions().forEach(i -> parts.add(new TopicPartition(topic, i.partition()))));
            Map<TopicPartition, OffsetSpec> latest = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            parts.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var end = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get(10, TimeUnit.SECONDS);
            var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            var producers = admin.describeProducers(parts).all().get(10, TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder();
            for (TopicPartition tp : latest.keySet()) {
                OffsetAndMetadata c = committed.get(tp);
                List<String> open = producers.get(tp).activeProducers().stream()
                        .filter(s -> s.currentTransactionStartOffset().isPresent())
                        .map(s -> "producer " + s.producerId() + " epoch " + s.producerEpoch() + " from " + s.currentTransactionStartOffset()
                                .getAsLong())
                        .toList();
                out.append(String.format("%n  %s: end %d, stable %d, %s committed %s, open transactions %s", tp, end.get(tp).offset(),
                        stable.get(tp).offset(), group, c == null ? "nothing" : c.offset(), open));
            }
            return out.toString();
        } catch (Exception e) {
            return " (cannot describe the topics: " + e + ")";
        }
    }
}

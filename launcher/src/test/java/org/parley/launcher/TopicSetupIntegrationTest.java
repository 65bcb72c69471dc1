package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.parley.schemas.DeadLetters;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topics;

/** The topics Parley creates keep time by arrival, so an archive's old articles are not deleted as they land. */
@ExtendWith(KafkaClusterExtension.class)
class TopicSetupIntegrationTest {

    @Test
    void aRecordStampedYearsAgoGetsItsArrivalTime(KafkaCluster kafka) throws Exception {
        TopicSetup.ensureTopics(KafkaClientConfig.of(kafka.bootstrapServers()), 2, (short) 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ConfigResource articles = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ARTICLES.name());
            assertThat(admin.describeConfigs(List.of(articles)).all().get().get(articles)
                    .get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value()).isEqualTo("LogAppendTime");
        }
        long published = Instant.parse("2022-03-01T00:00:00Z").toEpochMilli();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            byte[] value = Topics.DEAD_LETTERS.valueSerde().encode(DeadLetters.of("test", "TopicSetupIntegrationTest", null, null,
                    "TestRecord", "a record stamped with a publication time of 2022", Instant.ofEpochMilli(published)));
            RecordMetadata m = producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, published, "test", value)).get();
            assertThat(Duration.between(Instant.ofEpochMilli(m.timestamp()), Instant.now()).abs()).isLessThan(Duration.ofMinutes(5));
        }
    }

    /** Stages that start together each create what they find missing: a topic another created meanwhile is no error. */
    @Test
    void aTopicThatExistsByTheTimeItIsCreatedCountsAsDone(KafkaCluster kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            NewTopic first = new NewTopic("setup-race-a", 1, (short) 1);
            NewTopic second = new NewTopic("setup-race-b", 1, (short) 1);
            assertThat(TopicSetup.create(admin, List.of(first))).containsExactly("setup-race-a");
            assertThat(TopicSetup.create(admin, List.of(first, second))).containsExactly("setup-race-b");
            assertThat(admin.listTopics().names().get()).contains("setup-race-a", "setup-race-b");
        }
    }
}

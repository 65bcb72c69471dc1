package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions a restart leaves open: what their coordinator recorded decides their outcome, and
 * the embedded broker writes the marker the coordinator skipped.
 */
class HangingTransactionsTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);

    private static HangingTransactions.Open open(short epoch) {
        return new HangingTransactions.Open(P0, 7L, epoch, 12L, 0);
    }

    private static TransactionDescription coordinator(TransactionState state, int epoch, Set<TopicPartition> partitions) {
        return new TransactionDescription(1, state, 7L, epoch, 10_000, OptionalLong.empty(), partitions);
    }

    @Test
    void theOutcomeIsTheOneTheCoordinatorRecordedAtTheSameEpoch() {
        assertThat(HangingTransactions.decide(open((short) 3), coordinator(TransactionState.COMPLETE_COMMIT, 3, Set.of())).action())
                .isEqualTo(HangingTransactions.Action.COMMIT);
        assertThat(HangingTransactions.decide(open((short) 3), coordinator(TransactionState.COMPLETE_ABORT, 3, Set.of())).action())
                .isEqualTo(HangingTransactions.Action.ABORT);
        assertThat(HangingTransactions.decide(open((short) 3), coordinator(TransactionState.EMPTY, 3, Set.of())).action())
                .as("never prepared to commit").isEqualTo(HangingTransactions.Action.ABORT);
    }

    @Test
    void whatTheCoordinatorStillHoldsOrCannotTellIsLeftAlone() {
        assertThat(HangingTransactions.decide(open((short) 3), coordinator(TransactionState.ONGOING, 3, Set.of(P0))).action())
                .isEqualTo(HangingTransactions.Action.HELD);
        assertThat(HangingTransactions.decide(open((short) 3), coordinator(TransactionState.PREPARE_COMMIT, 3, Set.of(P0))).action())
                .isEqualTo(HangingTransactions.Action.HELD);
        assertThat(HangingTransactions.decide(open((short) 3), coordinator(TransactionState.ONGOING, 3, Set.of())).action())
                .isEqualTo(HangingTransactions.Action.UNKNOWN);
        assertThat(HangingTransactions.decide(open((short) 3), coordinator(TransactionState.COMPLETE_COMMIT, 4, Set.of())).action())
                .as("a later epoch's state says nothing of this one").isEqualTo(HangingTransactions.Action.UNKNOWN);
        assertThat(HangingTransactions.decide(open((short) 3), null).action()).as("a producer the coordinator does not know (yet)")
                .isEqualTo(HangingTransactions.Action.UNKNOWN);
    }

    /**
     * A committed transaction whose commit marker is missing from its partition, as a restart's
     * skipped marker leaves it: the marker is cut off the stopped broker's log. When the broker
     * starts again, a read-committed consumer reads the transaction's record.
     */
    @Test
    void aCommittedTransactionWhoseMarkerIsMissingIsCommittedWhenTheBrokerStartsAgain(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0); Admin admin = admin(kafka)) {
            try (KafkaProducer<String, String> producer = openTransaction(kafka, admin, "committed")) {
                producer.commitTransaction();
            }
            assertThat(readCommitted(kafka)).containsExactly("committed");
        }
        cutTheLastBatch(dir.resolve("kafka-logs").resolve("t-0"));

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            assertThat(readCommitted(kafka)).containsExactly("committed");
            try (Admin admin = admin(kafka)) {
                assertThat(admin.describeProducers(List.of(P0)).partitionResult(P0).get(30, TimeUnit.SECONDS).activeProducers())
                        .allSatisfy(p -> assertThat(p.currentTransactionStartOffset()).isEmpty());
            }
        }
    }

    /** Writing a marker directly: an open transaction's record becomes readable by read-committed consumers. */
    @Test
    @SuppressWarnings("try") // the producer only holds its transaction open
    void aCommitMarkerMakesAnOpenTransactionReadable(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0); Admin admin = admin(kafka)) {
            try (KafkaProducer<String, String> producer = openTransaction(kafka, admin, "open")) {
                var state = admin.describeProducers(List.of(P0)).partitionResult(P0).get(30, TimeUnit.SECONDS).activeProducers().get(0);
                assertThat(readCommitted(kafka)).isEmpty();

                var errors = HangingTransactions.writeMarkers(new java.net.InetSocketAddress("127.0.0.1",
                        Integer.parseInt(kafka.bootstrapServers().split(":")[1])), state.producerId(), (short) state.producerEpoch(),
                        state.coordinatorEpoch().orElse(0), true, List.of(P0));

                assertThat(errors).containsEntry(P0, org.apache.kafka.common.protocol.Errors.NONE);
                assertThat(readCommitted(kafka)).containsExactly("open");
            }
        }
    }

    /** Truncates a stopped broker's partition before its last batch, and drops what the broker rebuilds from the log. */
    private static void cutTheLastBatch(Path partition) throws IOException {
        Path log;
        try (Stream<Path> files = Files.list(partition)) {
            log = files.filter(f -> f.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        int last = -1;
        boolean control = false;
        try (FileRecords records = FileRecords.open(log.toFile())) {
            for (FileChannelRecordBatch batch : records.batches()) {
                last = batch.position();
                control = batch.isControlBatch();
            }
        }
        assertThat(control).as("the last batch is the commit marker").isTrue();
        try (var channel = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(last);
        }
        try (Stream<Path> files = Files.list(partition)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".snapshot") || f.toString().endsWith("index")).toList()) {
                Files.delete(f);
            }
        }
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /** Creates topic t and returns a transactional producer whose open transaction holds one record there. */
    private static KafkaProducer<String, String> openTransaction(EmbeddedKafka kafka, Admin admin, String value) throws Exception {
        admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(), ProducerConfig.TRANSACTIONAL_ID_CONFIG, "hanging-test"), new StringSerializer(),
                new StringSerializer());
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("t", "k", value)).get();
        return producer;
    }

    private static List<String> readCommitted(EmbeddedKafka kafka) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(P0));
            consumer.seekToBeginning(List.of(P0));
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}

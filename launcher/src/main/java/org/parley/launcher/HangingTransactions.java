package org.parley.launcher;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes the transactions that the embedded broker's own restart leaves open on partitions.
 *
 * <p>Why they exist: when the broker starts again on a log that a SIGKILL left behind, its
 * transaction coordinator finishes the transactions it had prepared to commit or abort. It does so
 * while the restarted broker is still fenced and the partitions have no leader yet, and Kafka's
 * marker sender skips a partition without a leader as one "likely deleted already"; the coordinator
 * then records the transaction complete. Those partitions keep the transaction open for good:
 * read-committed consumers stop at it and a consumer group's offsets stay unstable. Seen in
 * {@code CrashRecoveryIT}: a transaction logged PrepareCommit before the kill and CompleteCommit
 * during the restart, with no commit marker on two of its partitions (read with
 * {@code FileRecords} from the kept log).
 *
 * <p>What is done: once every partition has a leader and the coordinator has finished what it
 * prepared, a transaction still open on a partition is completed with the outcome its coordinator
 * recorded, by writing the marker the coordinator skipped (a {@code WriteTxnMarkers} request, as
 * the coordinator sends it): a commit for one it committed, an abort for one it aborted or never
 * prepared. Kafka's admin tools only abort ({@code kafka-transactions.sh abort}); aborting a
 * transaction the coordinator committed drops records whose offsets are already committed, which
 * is how earlier versions of this class lost counted statements. It runs once, before the broker is
 * handed to any client; a transaction whose outcome it cannot tell is reported, not guessed.
 */
final class HangingTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactions.class);

    /** Coordinator states in which a transaction is still being decided or completed. */
    private static final Set<TransactionState> UNFINISHED = EnumSet.of(TransactionState.PREPARE_COMMIT,
            TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE);

    /** How long an outcome that cannot be told is looked at again once the broker has settled. */
    private static final Duration UNKNOWN_PATIENCE = Duration.ofSeconds(5);

    /** A transaction open on a partition: which producer, at which epoch, from which offset. */
    record Open(TopicPartition partition, long producerId, short epoch, long from, int coordinatorEpoch) {
    }

    /** What is done with an open transaction. */
    enum Action {
        /** Its coordinator committed it: a commit marker. */
        COMMIT,
        /** Its coordinator aborted it or never prepared it: an abort marker. */
        ABORT,
        /** Its coordinator holds it open and completes it (a transaction left ongoing is aborted when it times out). */
        HELD,
        /** Its outcome cannot be told from the coordinator: left open, with a warning. */
        UNKNOWN
    }

    /** An open transaction, what is done with it, and why. */
    record Decision(Open open, Action action, String reason) {
    }

    private final Admin admin;
    private final InetSocketAddress broker;

    HangingTransactions(Admin admin, InetSocketAddress broker) {
        this.admin = admin;
        this.broker = broker;
    }

    /**
     * Decides what an open transaction's coordinator recorded for it. Pure, so each case is tested.
     *
     * @param open        a transaction open on a partition
     * @param coordinator the coordinator's state of that producer, null if it knows none
     */
    static Decision decide(Open open, TransactionDescription coordinator) {
        if (coordinator == null) {
            // Not aborted: a coordinator that has not loaded all its transactions yet knows nothing of some.
            return new Decision(open, Action.UNKNOWN, "the coordinator knows no such producer");
        }
        String state = "the coordinator: epoch " + coordinator.producerEpoch() + ", " + coordinator.state();
        if (coordinator.producerEpoch() != open.epoch()) {
            return new Decision(open, Action.UNKNOWN, state + ", so its outcome at epoch " + open.epoch() + " is unknown");
        }
        return switch (coordinator.state()) {
            case COMPLETE_COMMIT -> new Decision(open, Action.COMMIT, state);
            case COMPLETE_ABORT, EMPTY -> new Decision(open, Action.ABORT, state);
            case ONGOING -> coordinator.topicPartitions().contains(open.partition())
                    ? new Decision(open, Action.HELD, state)
                    : new Decision(open, Action.UNKNOWN, state + ", not on this partition, so its outcome is unknown");
            default -> new Decision(open, Action.HELD, state);
        };
    }

    /**
     * Waits until the broker is settled, then completes what the coordinator left open.
     *
     * @return the decisions taken, for the log and the test
     */
    List<Decision> completeLeftOpen(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Decision> decisions = null;
        long settled = 0;
        while (true) {
            try {
                decisions = look();
                if (decisions != null && settled == 0) {
                    settled = System.nanoTime();
                }
                // A producer the coordinator does not know yet may be in a transaction log partition it is still
                // loading: looked at again for a few seconds.
                if (decisions != null && (decisions.stream().noneMatch(d -> d.action() == Action.UNKNOWN)
                        || System.nanoTime() - settled > UNKNOWN_PATIENCE.toNanos())) {
                    break;
                }
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("the broker is not settled yet: {}", e.toString());
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(200);
        }
        if (decisions == null) {
            LOG.warn("the broker did not settle within {} s: transactions its restart left open were not looked for",
                    timeout.toSeconds());
            return List.of();
        }
        complete(decisions);
        return decisions;
    }

    /** What to do with each open transaction, or null while the broker is not settled. */
    private List<Decision> look() throws ExecutionException, TimeoutException, InterruptedException {
        List<TopicPartition> partitions = ledPartitions();
        Map<Long, TransactionDescription> coordinator = partitions == null ? null : settledCoordinator();
        if (coordinator == null) {
            return null;
        }
        Set<Open> first = open(partitions);
        if (first.isEmpty()) {
            return List.of();
        }
        // Looked at again after the coordinator: only what is still open from the same offset is acted on.
        Set<Open> again = open(first.stream().map(Open::partition).distinct().toList());
        List<Decision> decisions = new ArrayList<>();
        for (Open o : first) {
            if (again.contains(o)) {
                decisions.add(decide(o, coordinator.get(o.producerId())));
            }
        }
        return decisions;
    }

    /** Every partition, or null while one has no leader. */
    private List<TopicPartition> ledPartitions() throws ExecutionException, TimeoutException, InterruptedException {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
            for (var info : d.partitions()) {
                if (info.leader() == null || info.leader().isEmpty()) {
                    return null;
                }
                partitions.add(new TopicPartition(d.name(), info.partition()));
            }
        }
        return partitions;
    }

    /** The coordinator's transactions by producer, or null while it is loading or completing one. */
    private Map<Long, TransactionDescription> settledCoordinator() throws ExecutionException, TimeoutException, InterruptedException {
        List<String> ids = admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                .map(TransactionListing::transactionalId).toList();
        Map<Long, TransactionDescription> byProducer = new HashMap<>();
        if (!ids.isEmpty()) {
            for (TransactionDescription d : admin.describeTransactions(ids).all().get(30, TimeUnit.SECONDS).values()) {
                if (UNFINISHED.contains(d.state())) {
                    return null;
                }
                byProducer.put(d.producerId(), d);
            }
        }
        return byProducer;
    }

    private Set<Open> open(List<TopicPartition> partitions) throws ExecutionException, TimeoutException, InterruptedException {
        Set<Open> open = new HashSet<>();
        admin.describeProducers(partitions).all().get(30, TimeUnit.SECONDS).forEach((tp, d) -> d.activeProducers().stream()
                .filter(p -> p.currentTransactionStartOffset().isPresent())
                .forEach(p -> open.add(new Open(tp, p.producerId(), (short) p.producerEpoch(),
                        p.currentTransactionStartOffset().getAsLong(), p.coordinatorEpoch().orElse(0)))));
        return open;
    }

    private void complete(List<Decision> decisions) {
        // One request for each producer, epoch and outcome.
        Map<List<Object>, List<Decision>> batches = new LinkedHashMap<>();
        for (Decision d : decisions) {
            if (d.action() == Action.HELD) {
                LOG.debug("a transaction of producer {} (epoch {}) is open on {}, held by its coordinator ({})",
                        d.open().producerId(), d.open().epoch(), d.open().partition(), d.reason());
                continue;
            }
            if (d.action() == Action.UNKNOWN) {
                LOG.warn("a transaction of producer {} (epoch {}) is open on {} from offset {} and left so: {}; its readers "
                        + "wait at it", d.open().producerId(), d.open().epoch(), d.open().partition(), d.open().from(), d.reason());
                continue;
            }
            batches.computeIfAbsent(List.of(d.open().producerId(), d.open().epoch(), d.open().coordinatorEpoch(), d.action()),
                    k -> new ArrayList<>()).add(d);
        }
        for (List<Decision> batch : batches.values()) {
            Open o = batch.get(0).open();
            boolean commit = batch.get(0).action() == Action.COMMIT;
            List<TopicPartition> targets = batch.stream().map(d -> d.open().partition()).toList();
            try {
                Map<TopicPartition, Errors> errors = writeMarkers(broker, o.producerId(), o.epoch(), o.coordinatorEpoch(), commit, targets);
                for (Decision d : batch) {
                    Errors error = errors.getOrDefault(d.open().partition(), Errors.UNKNOWN_SERVER_ERROR);
                    if (error == Errors.NONE) {
                        LOG.info("{} the transaction of producer {} (epoch {}) that the restart left open on {} from offset {} ({})",
                                commit ? "committed" : "aborted", o.producerId(), o.epoch(), d.open().partition(), d.open().from(),
                                d.reason());
                    } else {
                        LOG.warn("cannot {} the transaction of producer {} left open on {}: {}", commit ? "commit" : "abort",
                                o.producerId(), d.open().partition(), error.message());
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot write transaction markers to {}: {}", broker, e.toString());
            }
        }
    }

    /**
     * Writes transaction markers as a transaction coordinator does: one {@code WriteTxnMarkers}
     * request to the partitions' leader, this broker.
     */
    static Map<TopicPartition, Errors> writeMarkers(InetSocketAddress broker, long producerId, short epoch, int coordinatorEpoch,
            boolean commit, List<TopicPartition> partitions) throws IOException {
        WritableTxnMarker marker = new WritableTxnMarker().setProducerId(producerId).setProducerEpoch(epoch)
                .setCoordinatorEpoch(coordinatorEpoch).setTransactionResult(commit);
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        byTopic.forEach((topic, ids) -> marker.topics().add(new WritableTxnMarkerTopic().setName(topic).setPartitionIndexes(ids)));
        short version = ApiKeys.WRITE_TXN_MARKERS.latestVersion();
        RequestHeader header = new RequestHeader(ApiKeys.WRITE_TXN_MARKERS, version, "parley-embedded-kafka", 1);
        ByteBuffer request = new WriteTxnMarkersRequest.Builder(new WriteTxnMarkersRequestData().setMarkers(List.of(marker)))
                .build(version).serializeWithHeader(header);
        try (Socket socket = new Socket()) {
            socket.connect(broker, 10_000);
            socket.setSoTimeout(30_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            byte[] bytes = new byte[request.remaining()];
            request.get(bytes);
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            WriteTxnMarkersResponse parsed = (WriteTxnMarkersResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
            return parsed.errorsByProducerId().getOrDefault(producerId, Map.of());
        }
    }
}

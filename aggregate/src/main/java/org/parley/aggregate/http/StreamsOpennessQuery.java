package org.parley.aggregate.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.parley.aggregate.PartyStores;
import org.parley.aggregate.evidence.ConditionView;
import org.parley.aggregate.evidence.StatementView;
import org.parley.aggregate.index.OpennessAccumulator;
import org.parley.aggregate.index.Tally;
import org.parley.aggregate.state.PartyState;
import org.parley.avro.PartyOpenness;
import org.parley.avro.StanceAlert;

/** Answers from the stores of the local Kafka Streams instance: the partitions it owns. */
public final class StreamsOpennessQuery implements OpennessQuery {

    /** Where the stores come from: a running {@link KafkaStreams}, or a test driver. */
    @FunctionalInterface
    public interface StoreSource {
        /** @throws InvalidStateStoreException while the store cannot be queried */
        <K, V> ReadOnlyKeyValueStore<K, V> store(String name);
    }

    private final StoreSource stores;

    public StreamsOpennessQuery(KafkaStreams streams) {
        this(new StoreSource() {
            @Override
            public <K, V> ReadOnlyKeyValueStore<K, V> store(String name) {
                try {
                    return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore()));
                } catch (InvalidStateStoreException e) {
                    throw new NotReadyException("the aggregate store is not ready (" + streams.state() + ")", e);
                }
            }
        });
    }

    public StreamsOpennessQuery(StoreSource stores) {
        this.stores = stores;
    }

    @Override
    public List<PartyOpenness> all() {
        return read(PartyStores.OPENNESS, (ReadOnlyKeyValueStore<String, PartyState> store) -> {
            List<PartyOpenness> out = new ArrayList<>();
            try (KeyValueIterator<String, PartyState> it = store.all()) {
                it.forEachRemaining(kv -> out.add(OpennessAccumulator.snapshot(kv.value)));
            }
            return out;
        });
    }

    @Override
    public Optional<PartyOpenness> get(String party) {
        return read(PartyStores.OPENNESS, (ReadOnlyKeyValueStore<String, PartyState> s) ->
                Optional.ofNullable(OpennessAccumulator.snapshot(s.get(party))));
    }

    @Override
    public List<Bucket> buckets(String party, Instant from, Instant to) {
        return read(PartyStores.BUCKETS, (ReadOnlyKeyValueStore<String, Tally> store) -> {
            List<Bucket> out = new ArrayList<>();
            try (KeyValueIterator<String, Tally> it = store.range(PartyStores.BucketKey.from(party, from), PartyStores.BucketKey.to(party, to))) {
                it.forEachRemaining(kv -> {
                    if (kv.value.statements() > 0) {
                        PartyStores.BucketKey k = PartyStores.BucketKey.parse(kv.key);
                        out.add(new Bucket(k.hour(), k.speaker(), kv.value));
                    }
                });
            }
            return out;
        });
    }

    @Override
    public List<ConditionView> conditions(String party, Instant from, Instant to) {
        return read(PartyStores.CONDITIONS, (ReadOnlyKeyValueStore<String, ConditionView> store) -> {
            List<ConditionView> out = new ArrayList<>();
            try (KeyValueIterator<String, ConditionView> it = store.range(PartyStores.timedFrom(party, from),
                    PartyStores.timedFrom(party, to) + "|" + Character.MAX_VALUE)) {
                it.forEachRemaining(kv -> out.add(kv.value));
            }
            return out;
        });
    }

    @Override
    public List<StatementView> statements(String party, Instant since, int limit) {
        return read(PartyStores.STATEMENTS, (ReadOnlyKeyValueStore<String, StatementView> store) -> {
            List<String> parties = party != null ? List.of(party) : all().stream().map(PartyOpenness::getParty).toList();
            List<StatementView> out = new ArrayList<>();
            for (String p : parties) {
                try (KeyValueIterator<String, StatementView> it = store.reverseRange(PartyStores.timedFrom(p, since),
                        p + "|" + Character.MAX_VALUE)) {
                    for (int n = 0; it.hasNext() && n < limit; n++) {
                        out.add(it.next().value);
                    }
                }
            }
            out.sort(Comparator.comparing(StatementView::publishedAt).reversed());
            return out.size() > limit ? out.subList(0, limit) : out;
        });
    }

    @Override
    public List<StanceAlert> alerts(String party, int limit) {
        return read(PartyStores.ALERTS, (ReadOnlyKeyValueStore<String, StanceAlert> store) -> {
            List<StanceAlert> out = new ArrayList<>();
            try (KeyValueIterator<String, StanceAlert> it = store.reverseAll()) {
                while (it.hasNext() && out.size() < limit) {
                    StanceAlert a = it.next().value;
                    if (party == null || party.equals(a.getParty())) {
                        out.add(a);
                    }
                }
            }
            return out;
        });
    }

    private <K, V, R> R read(String storeName, Function<ReadOnlyKeyValueStore<K, V>, R> reader) {
        try {
            return reader.apply(stores.<K, V>store(storeName));
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("the aggregate store is not ready: " + e.getMessage(), e);
        }
    }
}

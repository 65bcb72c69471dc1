package org.parley.aggregate.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.parley.aggregate.AggregateTopology;
import org.parley.avro.PartyOpenness;

/** Answers from the local instance's {@value AggregateTopology#OPENNESS_STORE} store (Interactive Queries). */
public final class StreamsOpennessQuery implements OpennessQuery {

    private final KafkaStreams streams;

    public StreamsOpennessQuery(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public List<PartyOpenness> all() {
        List<PartyOpenness> out = new ArrayList<>();
        try (KeyValueIterator<String, PartyOpenness> it = store().all()) {
            it.forEachRemaining(kv -> out.add(kv.value));
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("the aggregate store is not ready (" + streams.state() + ")", e);
        }
        return out;
    }

    @Override
    public Optional<PartyOpenness> get(String party) {
        try {
            return Optional.ofNullable(store().get(party));
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("the aggregate store is not ready (" + streams.state() + ")", e);
        }
    }

    @Override
    public java.util.SortedMap<java.time.LocalDate, org.parley.aggregate.index.DayStats> days(String party, java.time.LocalDate from,
                                                                                            java.time.LocalDate to) {
        java.util.SortedMap<java.time.LocalDate, org.parley.aggregate.index.DayStats> out = new java.util.TreeMap<>();
        try {
            ReadOnlyKeyValueStore<String, String> daily = streams.store(StoreQueryParameters.fromNameAndType(
                    AggregateTopology.DAILY_STORE, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, String> it = daily.range(party + "|" + from, party + "|" + to)) {
                it.forEachRemaining(kv -> {
                    var stats = org.parley.aggregate.index.DayStats.decode(kv.value);
                    if (stats.statements() > 0) {
                        out.put(java.time.LocalDate.parse(kv.key.substring(kv.key.indexOf('|') + 1)), stats);
                    }
                });
            }
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("the aggregate store is not ready (" + streams.state() + ")", e);
        }
        return out;
    }

    @Override
    public List<org.parley.avro.StanceAlert> alerts(String party, int limit) {
        List<org.parley.avro.StanceAlert> out = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, org.parley.avro.StanceAlert> store = streams.store(StoreQueryParameters.fromNameAndType(
                    AggregateTopology.ALERTS_STORE, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, org.parley.avro.StanceAlert> it = store.reverseAll()) {
                while (it.hasNext() && out.size() < limit) {
                    org.parley.avro.StanceAlert a = it.next().value;
                    if (party == null || party.equals(a.getParty())) {
                        out.add(a);
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("the aggregate store is not ready (" + streams.state() + ")", e);
        }
        return out;
    }

    private ReadOnlyKeyValueStore<String, PartyOpenness> store() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(AggregateTopology.OPENNESS_STORE,
                    QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("the aggregate store is not ready (" + streams.state() + ")", e);
        }
    }
}

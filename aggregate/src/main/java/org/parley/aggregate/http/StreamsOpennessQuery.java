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

    private ReadOnlyKeyValueStore<String, PartyOpenness> store() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(AggregateTopology.OPENNESS_STORE,
                    QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("the aggregate store is not ready (" + streams.state() + ")", e);
        }
    }
}

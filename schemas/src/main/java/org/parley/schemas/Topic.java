package org.parley.schemas;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A Kafka topic of Parley with its value type. Keys are always plain UTF-8 strings, so that
 * any client can read them; values are Avro single-object encoded.
 *
 * @param name      the topic name, {@code parley.<thing>.v<N>}
 * @param valueType the generated Avro class of the values
 * @param compacted whether the topic keeps only the latest value per key
 * @param doc       what the topic holds and how it is keyed
 */
public record Topic<V extends SpecificRecord>(String name, Class<V> valueType, boolean compacted, String doc) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueType, "valueType");
    }

    public Serde<String> keySerde() {
        return Serdes.String();
    }

    public AvroSerde<V> valueSerde() {
        return AvroSerde.of(valueType);
    }
}

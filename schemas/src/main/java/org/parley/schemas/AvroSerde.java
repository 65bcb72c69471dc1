package org.parley.schemas;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for Parley's Avro records in Avro's single-object encoding: two marker bytes
 * {@code C3 01}, the writer schema's 64-bit fingerprint (little endian), then the binary datum.
 * No schema registry is needed: readers resolve the fingerprint against {@link SchemaCatalog},
 * which holds every version Parley has shipped, and downstream consumers against the published
 * {@code .avsc} files.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private static final ConcurrentMap<Class<?>, AvroSerde<?>> CACHE = new ConcurrentHashMap<>();

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroSerde(Class<T> type) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = SpecificData.get().getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        SchemaCatalog.get().byFingerprint().values().stream()
                .filter(s -> s.getFullName().equals(schema.getFullName()))
                .forEach(decoder::addSchema);
    }

    /** The serde for a generated record class; encoders and decoders are thread-safe, so one per type. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return (AvroSerde<T>) CACHE.computeIfAbsent(type, t -> new AvroSerde<>(type));
    }

    /** Encodes a record; never returns null. */
    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (Exception e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes bytes written by any known version of the schema.
     *
     * @throws SerializationException with a one-line reason when the bytes are not such a record
     */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new SerializationException("null payload where a " + type.getSimpleName() + " was expected");
        }
        try {
            return decoder.decode(bytes);
        } catch (Exception e) {
            throw new SerializationException("not a " + type.getSimpleName() + " record in single-object encoding: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> record == null ? null : encode(record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }
}

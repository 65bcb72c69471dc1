package org.parley.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.Stance;
import org.parley.avro.Statement;
import org.parley.avro.StatementKind;

class AvroSerdeTest {

    static Statement statement() {
        return Statement.newBuilder()
                .setId("a1:0").setArticleId("a1").setIndex(0)
                .setText("Peskov said Russia does not want eternal war.")
                .setStart(0).setEnd(45).setParagraph(0)
                .setKind(StatementKind.REPORTED_SPEECH)
                .setPublishedAt(Instant.parse("2024-06-14T10:00:00Z"))
                .setSource("sample.xml").setUrl("https://example.org/a1")
                .build();
    }

    @Test
    void roundTripsNestedRecords() {
        EnrichedStatement e = EnrichedStatement.newBuilder()
                .setStatement(statement()).setSpeaker("Dmitry Peskov").setParty("RUS")
                .setStance(Stance.OPEN).setScore(0.4).setCues(List.of("negated:want eternal war"))
                .setRulesVersion("abc").setEnrichedAt(Instant.parse("2024-06-14T10:00:01Z")).build();
        AvroSerde<EnrichedStatement> serde = AvroSerde.of(EnrichedStatement.class);
        assertThat(serde.decode(serde.encode(e))).isEqualTo(e);
    }

    @Test
    void writesSingleObjectHeaderWithTheSchemaFingerprint() {
        byte[] bytes = AvroSerde.of(Statement.class).encode(statement());
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaCatalog.fingerprint(Statement.getClassSchema()));
    }

    @Test
    void plainAvroDecodesWithTheCatalogSchemaFoundByFingerprint() throws Exception {
        byte[] bytes = AvroSerde.of(Statement.class).encode(statement());
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        var schema = SchemaCatalog.get().byFingerprint().get(fingerprint);
        GenericRecord r = new GenericDatumReader<GenericRecord>(schema)
                .read(null, DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(bytes, 10, bytes.length), null));
        assertThat(r.get("text").toString()).isEqualTo("Peskov said Russia does not want eternal war.");
        assertThat(r.get("kind").toString()).isEqualTo("REPORTED_SPEECH");
    }

    @Test
    void garbageIsATypedSerializationErrorNamingTheType() {
        AvroSerde<Statement> serde = AvroSerde.of(Statement.class);
        assertThatThrownBy(() -> serde.decode("not avro at all".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a Statement record");
        byte[] truncated = Arrays.copyOf(serde.encode(statement()), 14);
        assertThatThrownBy(() -> serde.decode(truncated)).isInstanceOf(SerializationException.class);
    }

    @Test
    void recordOfAnotherTypeIsRefused() {
        byte[] article = AvroSerde.of(Statement.class).encode(statement());
        assertThatThrownBy(() -> AvroSerde.of(EnrichedStatement.class).decode(article))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void deadLetterMessagesAreOneLine() {
        assertThat(DeadLetters.oneLine("bad\n  input\tthere")).isEqualTo("bad input there");
    }
}

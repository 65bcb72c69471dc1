import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one of Parley's topics from its beginning with plain Avro and the published .avsc files,
 * no schema registry, and prints each record. Needs kafka-clients and avro on the class path (the
 * Parley jar has both):
 *
 * <pre>java -cp launcher/target/parley.jar docs/examples/ReadTopic.java 127.0.0.1:9092 parley.party-openness.v1</pre>
 */
public class ReadTopic {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        String dir = args.length > 2 ? args[2] : "schemas/src/main/avro";
        Schema.Parser parser = new Schema.Parser(); // Statement.avsc before EnrichedStatement.avsc
        Map<Long, Schema> byFingerprint = new HashMap<>();
        for (String name : List.of("Article", "Statement", "EnrichedStatement", "PartyOpenness", "StanceAlert", "DeadLetter")) {
            Schema s = parser.parse(new File(dir, name + ".avsc"));
            byFingerprint.put(SchemaNormalization.parsingFingerprint64(s), s);
        }
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed",
                "enable.auto.commit", false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    byte[] v = r.value(); // C3 01, the writer schema's fingerprint (little endian), the datum
                    long fp = ByteBuffer.wrap(v, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                    GenericRecord record = new GenericDatumReader<GenericRecord>(byFingerprint.get(fp))
                            .read(null, DecoderFactory.get().binaryDecoder(v, 10, v.length - 10, null));
                    System.out.println(r.key() + "\t" + record);
                }
            }
        }
    }
}

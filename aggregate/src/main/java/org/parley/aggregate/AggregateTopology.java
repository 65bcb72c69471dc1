package org.parley.aggregate;

import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.parley.aggregate.alerts.DirectionChangeRule;
import org.parley.aggregate.index.OpennessAccumulator;
import org.parley.avro.DeadLetter;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.PartyOpenness;
import org.parley.avro.StanceAlert;
import org.parley.schemas.AvroSerde;
import org.parley.schemas.DeadLetters;
import org.parley.schemas.Topic;
import org.parley.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregate stage in Kafka Streams: {@code parley.enriched.v1} to the per-party snapshot on
 * the compacted {@code parley.party-openness.v1}, alerts on {@code parley.alerts.v1}, and the
 * queryable store {@value #OPENNESS_STORE} behind the HTTP API. Statements are re-keyed by party
 * through the explicitly named repartition topic {@value #BY_PARTY}; undecodable records go to
 * the dead-letter topic and the stream goes on.
 */
public final class AggregateTopology {

    public static final String STAGE = "aggregate";
    public static final String OPENNESS_STORE = "openness-by-party";
    /** Each statement's contribution to its party's snapshot, keyed by party and statement key. */
    public static final String COUNTED_STORE = "counted-statements";
    /** Per party and publication day, the statements counted ({@link org.parley.aggregate.index.DayStats}); key "PARTY|YYYY-MM-DD". */
    public static final String DAILY_STORE = "daily-by-party";
    /** Alerts raised, keyed by the statement time (zero-padded millis) and the alert id, for the API. */
    public static final String ALERTS_STORE = "alerts-by-time";
    public static final String BY_PARTY = "enriched-by-party";

    private AggregateTopology() {
    }

    /** A decoded record, or the dead letter that replaces it. */
    record Decoded(EnrichedStatement value, DeadLetter error) {
    }

    public static Topology build(Clock clock) {
        return build(clock, OpennessAccumulator.DEFAULT_HALF_LIFE);
    }

    /** @param halfLife half-life of the openness index */
    public static Topology build(Clock clock, java.time.Duration halfLife) {
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPENNESS_STORE),
                Topics.PARTY_OPENNESS.keySerde(), Topics.PARTY_OPENNESS.valueSerde()));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNTED_STORE),
                Serdes.String(), Serdes.String()));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DAILY_STORE),
                Serdes.String(), Serdes.String()));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERTS_STORE),
                Serdes.String(), Topics.ALERTS.valueSerde()));

        KStream<String, Decoded> decoded = b
                .stream(Topics.ENRICHED.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("enriched"))
                .processValues(() -> new Decode(clock), Named.as("decode"));

        decoded.filter((k, d) -> d.error() != null, Named.as("undecodable"))
                .map((k, d) -> KeyValue.pair(STAGE, d.error()), Named.as("as-dead-letter"))
                .to(Topics.DEAD_LETTERS.name(), produced(Topics.DEAD_LETTERS, "dead-letters"));

        decoded.filter((k, d) -> d.value() != null && OpennessAccumulator.counts(d.value()), Named.as("with-stance"))
                .map((k, d) -> KeyValue.pair(d.value().getParty(), d.value()), Named.as("key-by-party"))
                .repartition(Repartitioned.with(Serdes.String(), Topics.ENRICHED.valueSerde()).withName(BY_PARTY))
                .process(() -> new OpennessProcessor(halfLife), Named.as("openness"), OPENNESS_STORE, COUNTED_STORE, DAILY_STORE, ALERTS_STORE)
                .split(Named.as("output-"))
                .branch((k, v) -> v instanceof PartyOpenness, Branched.withConsumer(s -> s
                        .mapValues(v -> (PartyOpenness) v, Named.as("as-snapshot"))
                        .to(Topics.PARTY_OPENNESS.name(), produced(Topics.PARTY_OPENNESS, "party-openness")),
                        "snapshots"))
                .branch((k, v) -> v instanceof StanceAlert, Branched.withConsumer(s -> s
                        .mapValues(v -> (StanceAlert) v, Named.as("as-alert"))
                        .to(Topics.ALERTS.name(), produced(Topics.ALERTS, "alerts")),
                        "alerts"))
                .noDefaultBranch();
        return b.build();
    }

    private static <V extends SpecificRecord> Produced<String, V> produced(Topic<V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }

    /** Decodes the Avro value; a record that is not one becomes a dead letter naming where it came from. */
    static final class Decode implements FixedKeyProcessor<String, byte[], Decoded> {

        private static final Logger LOG = LoggerFactory.getLogger(Decode.class);
        private static final AvroSerde<EnrichedStatement> SERDE = Topics.ENRICHED.valueSerde();

        private final Clock clock;
        private FixedKeyProcessorContext<String, Decoded> context;

        Decode(Clock clock) {
            this.clock = clock;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Decoded> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            try {
                context.forward(record.withValue(new Decoded(SERDE.decode(record.value()), null)));
            } catch (SerializationException ex) {
                String source = context.recordMetadata()
                        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse(Topics.ENRICHED.name());
                LOG.warn("dead letter from {}: UndecodableRecord: {}", source, DeadLetters.oneLine(ex.getMessage()));
                DeadLetter dl = DeadLetters.of(STAGE, source, record.key(), record.value(), "UndecodableRecord",
                        ex.getMessage(), clock.instant());
                context.forward(record.withValue(new Decoded(null, dl)));
            }
        }
    }

    /** The alerts store's key: sorts by statement time. */
    static String alertKey(StanceAlert a) {
        return String.format(java.util.Locale.ROOT, "%015d|%s", a.getStatementAt().toEpochMilli(), a.getId());
    }

    /** The daily store's key: party and UTC publication day. */
    public static String dayKey(String party, java.time.Instant published) {
        return party + "|" + published.toString().substring(0, 10);
    }

    /** Keeps each party's snapshot, emits it on every change, and emits the alerts it raises. */
    static final class OpennessProcessor implements Processor<String, EnrichedStatement, String, SpecificRecord> {

        private final java.time.Duration halfLife;
        private ProcessorContext<String, SpecificRecord> context;
        private KeyValueStore<String, PartyOpenness> store;
        private KeyValueStore<String, String> counted;
        private KeyValueStore<String, String> daily;
        private KeyValueStore<String, StanceAlert> alerts;

        OpennessProcessor(java.time.Duration halfLife) {
            this.halfLife = halfLife;
        }

        @Override
        public void init(ProcessorContext<String, SpecificRecord> context) {
            this.context = context;
            this.store = context.getStateStore(OPENNESS_STORE);
            this.counted = context.getStateStore(COUNTED_STORE);
            this.daily = context.getStateStore(DAILY_STORE);
            this.alerts = context.getStateStore(ALERTS_STORE);
        }

        @Override
        public void process(Record<String, EnrichedStatement> record) {
            EnrichedStatement e = record.value();
            PartyOpenness before = store.get(record.key());
            // One statement counts once: a copy (syndication, reprocessing) replaces what it counted before.
            String key = record.key() + "|" + OpennessAccumulator.statementKey(e);
            String previous = counted.get(key);
            PartyOpenness base = before;
            if (previous != null && before != null) {
                String[] p = previous.split("\\|", 3);
                org.parley.avro.Stance oldStance = org.parley.avro.Stance.valueOf(p[0]);
                double oldScore = Double.parseDouble(p[1]);
                java.time.Instant oldTime = java.time.Instant.ofEpochMilli(Long.parseLong(p[2]));
                base = OpennessAccumulator.remove(before, oldStance, oldScore, oldTime);
                String oldDay = dayKey(record.key(), oldTime);
                daily.put(oldDay, org.parley.aggregate.index.DayStats.decode(daily.get(oldDay)).minus(oldStance, oldScore).encode());
            }
            String day = dayKey(record.key(), e.getStatement().getPublishedAt());
            daily.put(day, org.parley.aggregate.index.DayStats.decode(daily.get(day)).plus(e.getStance(), e.getScore()).encode());
            PartyOpenness after = OpennessAccumulator.add(base, e, halfLife);
            counted.put(key, e.getStance() + "|" + e.getScore() + "|" + e.getStatement().getPublishedAt().toEpochMilli());
            store.put(record.key(), after);
            context.forward(record.withValue(after));
            DirectionChangeRule.check(before, after, e).ifPresent(alert -> {
                alerts.put(alertKey(alert), alert);
                context.forward(record.withValue(alert));
            });
        }
    }
}

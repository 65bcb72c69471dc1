package org.parley.aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.parley.aggregate.evidence.ConditionView;
import org.parley.aggregate.evidence.StatementView;
import org.parley.aggregate.index.OpennessAccumulator;
import org.parley.aggregate.index.Tally;
import org.parley.aggregate.state.CountedStatement;
import org.parley.aggregate.state.PartyState;
import org.parley.avro.Condition;
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
 * queryable stores behind the HTTP API ({@link PartyStores}). Statements are re-keyed by party
 * through the explicitly named repartition topic {@value #BY_PARTY} and counted by
 * {@link PartyLedger} where their publication time puts them, however late they come; an
 * undecodable record, or one this stage fails on, goes to the dead-letter topic with its reason,
 * and the stream goes on.
 */
public final class AggregateTopology {

    public static final String STAGE = "aggregate";
    /**
     * The Kafka Streams application id, versioned with the layout of the stores: a new layout is
     * a new consumer group, which counts the enriched topic again from its start into fresh stores,
     * so an upgrade never mixes state of two layouts (v2: order-independent counting, typed stores).
     */
    public static final String APPLICATION_ID = "parley-aggregate-v3";
    public static final String BY_PARTY = "enriched-by-party";
    /** How far ahead of the wall clock a publication time may move stream time (bad feed dates). */
    static final Duration MAX_FUTURE = Duration.ofDays(1);

    private AggregateTopology() {
    }

    /** A decoded record, or the dead letter that replaces it. */
    record Decoded(EnrichedStatement value, DeadLetter error) {
    }

    public static Topology build(Clock clock) {
        return build(clock, AggregateSettings.defaults());
    }

    public static Topology build(Clock clock, AggregateSettings settings) {
        StreamsBuilder b = new StreamsBuilder();
        PartyStores.builders().forEach(b::addStateStore);

        KStream<String, Decoded> decoded = b
                .stream(Topics.ENRICHED.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("enriched"))
                .processValues(() -> new Decode(clock), Named.as("decode"));

        decoded.filter((k, d) -> d.error() != null, Named.as("undecodable"))
                .map((k, d) -> KeyValue.pair(STAGE, d.error()), Named.as("as-dead-letter"))
                .to(Topics.DEAD_LETTERS.name(), produced(Topics.DEAD_LETTERS, "dead-letters"));

        decoded.filter((k, d) -> d.value() != null && OpennessAccumulator.counts(d.value()), Named.as("with-stance"))
                .map((k, d) -> KeyValue.pair(d.value().getParty(), d.value()), Named.as("key-by-party"))
                .repartition(Repartitioned.with(Serdes.String(), Topics.ENRICHED.valueSerde()).withName(BY_PARTY))
                .process(() -> new OpennessProcessor(settings, clock), Named.as("openness"), PartyStores.names())
                .split(Named.as("output-"))
                .branch((k, v) -> v instanceof PartyOpenness, Branched.withConsumer(s -> s
                        .mapValues(v -> (PartyOpenness) v, Named.as("as-snapshot"))
                        .to(Topics.PARTY_OPENNESS.name(), produced(Topics.PARTY_OPENNESS, "party-openness")),
                        "snapshots"))
                .branch((k, v) -> v instanceof StanceAlert, Branched.withConsumer(s -> s
                        .mapValues(v -> (StanceAlert) v, Named.as("as-alert"))
                        .to(Topics.ALERTS.name(), produced(Topics.ALERTS, "alerts")),
                        "alerts"))
                .branch((k, v) -> v instanceof DeadLetter, Branched.withConsumer(s -> s
                        .map((k, v) -> KeyValue.pair(STAGE, (DeadLetter) v), Named.as("failed-as-dead-letter"))
                        .to(Topics.DEAD_LETTERS.name(), produced(Topics.DEAD_LETTERS, "failed-dead-letters")),
                        "failed"))
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
                EnrichedStatement e = SERDE.decode(record.value());
                // Event time: the publication time, so stream time follows it; a date far in the
                // future (a feed's error) may not drag stream time along.
                long published = e.getStatement().getPublishedAt().toEpochMilli();
                long timestamp = Math.min(published, clock.millis() + MAX_FUTURE.toMillis());
                context.forward(record.withValue(new Decoded(e, null)).withTimestamp(timestamp));
            } catch (SerializationException ex) {
                String source = context.recordMetadata()
                        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse(Topics.ENRICHED.name());
                LOG.warn("dead letter from {}: UndecodableRecord: {}", source, DeadLetters.oneLine(ex.getMessage()));
                DeadLetter dl = DeadLetters.of(STAGE, source, record.key(), record.value(), "UndecodableRecord", ex, clock.instant());
                context.forward(record.withValue(new Decoded(null, dl)));
            }
        }
    }

    /** Keeps each party's state through {@link PartyLedger}, emits the snapshot on every change, and the alerts it raises. */
    static final class OpennessProcessor implements Processor<String, EnrichedStatement, String, SpecificRecord> {

        private static final Logger LOG = LoggerFactory.getLogger(OpennessProcessor.class);

        private final AggregateSettings settings;
        private final PartyLedger ledger;
        private final Clock clock;
        private ProcessorContext<String, SpecificRecord> context;
        private KeyValueStore<String, PartyState> parties;
        private KeyValueStore<String, CountedStatement> identities;
        private KeyValueStore<String, Tally> buckets;
        private KeyValueStore<String, StatementView> statements;
        private KeyValueStore<String, ConditionView> conditions;
        private KeyValueStore<String, StanceAlert> alerts;
        private KeyValueStore<String, Long> eventTime;

        OpennessProcessor(AggregateSettings settings, Clock clock) {
            this.settings = settings;
            this.ledger = new PartyLedger(settings);
            this.clock = clock;
        }

        @Override
        public void init(ProcessorContext<String, SpecificRecord> context) {
            this.context = context;
            this.parties = context.getStateStore(PartyStores.OPENNESS);
            this.identities = context.getStateStore(PartyStores.IDENTITIES);
            this.buckets = context.getStateStore(PartyStores.BUCKETS);
            this.statements = context.getStateStore(PartyStores.STATEMENTS);
            this.conditions = context.getStateStore(PartyStores.CONDITIONS);
            this.alerts = context.getStateStore(PartyStores.ALERTS);
            this.eventTime = context.getStateStore(PartyStores.EVENT_TIME);
            context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, now -> expire());
        }

        @Override
        public void process(Record<String, EnrichedStatement> record) {
            try {
                count(record);
            } catch (RuntimeException ex) {
                // A record this stage cannot count must not stop the stream: it becomes a dead letter.
                String source = context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse(BY_PARTY);
                LOG.warn("dead letter from {}: AggregateFailure", source, ex);
                context.forward(record.withValue(DeadLetters.of(STAGE, source, record.value().getStatement().getId(),
                        Topics.ENRICHED.valueSerde().encode(record.value()), "AggregateFailure", ex,
                        Instant.ofEpochMilli(context.currentSystemTimeMs()))));
            }
        }

        private void count(Record<String, EnrichedStatement> record) {
            EnrichedStatement e = record.value();
            String party = record.key();
            String hash = PartyStores.hash(OpennessAccumulator.statementKey(e));
            String identity = PartyStores.identity(party, hash);
            // Everything is read before anything is written, so a failure leaves the state as it was.
            PartyLedger.Counted earlier = PartyLedger.Counted.of(identities.get(identity));
            PartyLedger.Outcome o = ledger.apply(parties.get(party), earlier, e, clock.instant());
            StatementView view = StatementView.of(hash, e);
            StatementView kept = null;
            if (earlier != null) {
                String earlierKey = PartyStores.timed(party, earlier.published(), hash);
                kept = statements.get(earlierKey);
                view = kept == null ? view : kept.merge(view, o.counted());
                if (o.counted()) {
                    statements.delete(earlierKey);
                    deleteRange(conditions, earlierKey + "|", earlierKey + "|" + Character.MAX_VALUE);
                }
            }
            if (o.removed() != null) {
                PartyLedger.Counted r = o.removed();
                String key = PartyStores.BucketKey.of(party, r.published(), r.speaker()).encode();
                Tally left = orEmpty(buckets.get(key)).minus(r.stance(), r.score());
                if (left.equals(Tally.EMPTY)) {
                    buckets.delete(key);
                } else {
                    buckets.put(key, left);
                }
            }
            if (o.counted()) {
                PartyLedger.Counted a = o.added();
                String key = PartyStores.BucketKey.of(party, a.published(), a.speaker()).encode();
                buckets.put(key, orEmpty(buckets.get(key)).plus(a.stance(), a.score()));
                identities.put(identity, a.toRecord());
                String timedKey = PartyStores.timed(party, a.published(), hash);
                for (Condition c : e.getConditions()) {
                    conditions.put(timedKey + "|" + c.getTopic(), new ConditionView(party, c.getTopic(), c.getText(), hash,
                            e.getStatement().getText(), e.getSpeaker(), e.getStatement().getUrl(), a.published().toString()));
                }
                statements.put(timedKey, view);
            } else if (kept != null) {
                // An earlier copy stands: this one only adds its outlet to the evidence (none once that has expired).
                statements.put(PartyStores.timed(party, earlier.published(), hash), view);
            }
            Long newest = eventTime.get(PartyStores.NEWEST);
            if (newest == null || record.timestamp() > newest) {
                eventTime.put(PartyStores.NEWEST, record.timestamp());
            }
            parties.put(party, o.after());
            context.forward(record.withValue(o.snapshot()));
            for (StanceAlert alert : o.alerts()) {
                alerts.put(PartyStores.alertKey(alert), alert);
                context.forward(record.withValue(alert));
            }
        }

        private static Tally orEmpty(Tally t) {
            return t == null ? Tally.EMPTY : t;
        }

        /**
         * Drops evidence (statements and conditions) published more than the retention before its
         * party's latest statement, and alerts more than the retention before the newest statement
         * this task has seen. Counts, buckets and identities stay.
         */
        void expire() {
            List<KeyValue<String, Instant>> latest = new ArrayList<>();
            try (KeyValueIterator<String, PartyState> it = parties.all()) {
                it.forEachRemaining(kv -> latest.add(KeyValue.pair(kv.key, kv.value.getLastStatementAt())));
            }
            for (KeyValue<String, Instant> p : latest) {
                String cutoff = PartyStores.timedFrom(p.key, p.value.minus(settings.retention()));
                deleteRange(statements, p.key + "|", cutoff);
                deleteRange(conditions, p.key + "|", cutoff);
            }
            Long newest = eventTime.get(PartyStores.NEWEST);
            if (newest != null) {
                deleteRange(alerts, "", PartyStores.millis(newest - settings.retention().toMillis()));
            }
        }

        /** Deletes the keys from {@code from} (included) to {@code to} (excluded). */
        private static <V> void deleteRange(KeyValueStore<String, V> store, String from, String to) {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, V> it = store.range(from, to)) {
                it.forEachRemaining(kv -> {
                    if (kv.key.compareTo(to) < 0) {
                        keys.add(kv.key);
                    }
                });
            }
            keys.forEach(store::delete);
        }
    }
}

package org.parley.aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.apache.kafka.streams.state.Stores;
import org.parley.aggregate.evidence.ConditionView;
import org.parley.aggregate.evidence.Json;
import org.parley.aggregate.evidence.StatementView;
import org.parley.aggregate.index.OpennessAccumulator;
import org.parley.aggregate.index.Tally;
import org.parley.avro.Condition;
import org.parley.avro.DeadLetter;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.PartyOpenness;
import org.parley.avro.Stance;
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
 * queryable stores behind the HTTP API. Statements are re-keyed by party through the explicitly
 * named repartition topic {@value #BY_PARTY} and counted in event time (their publication time);
 * one later than the grace period, and any undecodable record, goes to the dead-letter topic with
 * its reason, and the stream goes on.
 */
public final class AggregateTopology {

    public static final String STAGE = "aggregate";
    public static final String OPENNESS_STORE = "openness-by-party";
    /** Each statement's contribution to its party's snapshot, keyed by party and statement key. */
    public static final String COUNTED_STORE = "counted-statements";
    /** Statements counted per party, publication hour and speaker ({@link Tally}); key {@link Keys#bucket}. */
    public static final String BUCKETS_STORE = "buckets-by-party";
    /** The statements counted, with their mentions, as evidence ({@link StatementView} JSON); key {@link Keys#timed}. */
    public static final String STATEMENTS_STORE = "statements-by-party";
    /** The conditions stated ({@link ConditionView} JSON); key {@link Keys#timed} and the topic. */
    public static final String CONDITIONS_STORE = "conditions-by-party";
    /** Alerts raised, keyed by the statement time (zero-padded millis) and the alert id, for the API. */
    public static final String ALERTS_STORE = "alerts-by-time";
    /** The newest publication time each partition has seen (key {@value #NEWEST}): the event time that grace and retention are measured in. */
    public static final String EVENT_TIME_STORE = "event-time";
    static final String NEWEST = "newest";
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
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPENNESS_STORE),
                Topics.PARTY_OPENNESS.keySerde(), Topics.PARTY_OPENNESS.valueSerde()));
        for (String name : List.of(COUNTED_STORE, BUCKETS_STORE, STATEMENTS_STORE, CONDITIONS_STORE, EVENT_TIME_STORE)) {
            b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.String()));
        }
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
                .process(() -> new OpennessProcessor(settings), Named.as("openness"), OPENNESS_STORE, COUNTED_STORE,
                        BUCKETS_STORE, STATEMENTS_STORE, CONDITIONS_STORE, ALERTS_STORE, EVENT_TIME_STORE)
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
                        .map((k, v) -> KeyValue.pair(STAGE, (DeadLetter) v), Named.as("late-as-dead-letter"))
                        .to(Topics.DEAD_LETTERS.name(), produced(Topics.DEAD_LETTERS, "late-dead-letters")),
                        "late"))
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
                // Event time: the publication time, so stream time (and the grace period) follow it; a
                // date far in the future (a feed's error) may not drag stream time along.
                long published = e.getStatement().getPublishedAt().toEpochMilli();
                long timestamp = Math.min(published, clock.millis() + MAX_FUTURE.toMillis());
                context.forward(record.withValue(new Decoded(e, null)).withTimestamp(timestamp));
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
        return String.format(Locale.ROOT, "%015d|%s", a.getStatementAt().toEpochMilli(), a.getId());
    }

    /** Keeps each party's snapshot, buckets and evidence, emits the snapshot on every change, and the alerts it raises. */
    static final class OpennessProcessor implements Processor<String, EnrichedStatement, String, SpecificRecord> {

        private static final Logger LOG = LoggerFactory.getLogger(OpennessProcessor.class);

        private final AggregateSettings settings;
        private ProcessorContext<String, SpecificRecord> context;
        private KeyValueStore<String, PartyOpenness> store;
        private KeyValueStore<String, String> counted;
        private KeyValueStore<String, String> buckets;
        private KeyValueStore<String, String> statements;
        private KeyValueStore<String, String> conditions;
        private KeyValueStore<String, StanceAlert> alerts;
        private KeyValueStore<String, String> eventTime;

        OpennessProcessor(AggregateSettings settings) {
            this.settings = settings;
        }

        @Override
        public void init(ProcessorContext<String, SpecificRecord> context) {
            this.context = context;
            this.store = context.getStateStore(OPENNESS_STORE);
            this.counted = context.getStateStore(COUNTED_STORE);
            this.buckets = context.getStateStore(BUCKETS_STORE);
            this.statements = context.getStateStore(STATEMENTS_STORE);
            this.conditions = context.getStateStore(CONDITIONS_STORE);
            this.alerts = context.getStateStore(ALERTS_STORE);
            this.eventTime = context.getStateStore(EVENT_TIME_STORE);
            context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, now -> expire());
        }

        @Override
        public void process(Record<String, EnrichedStatement> record) {
            try {
                count(record);
            } catch (RuntimeException ex) {
                // A record this stage cannot count must not stop the stream: it becomes a dead letter.
                String source = context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse(BY_PARTY);
                LOG.warn("dead letter from {}: AggregateFailure: {}", source, ex.toString());
                context.forward(record.withValue(DeadLetters.of(STAGE, source, record.value().getStatement().getId(),
                        Topics.ENRICHED.valueSerde().encode(record.value()), "AggregateFailure", ex.toString(),
                        Instant.ofEpochMilli(context.currentSystemTimeMs()))));
            }
        }

        private void count(Record<String, EnrichedStatement> record) {
            EnrichedStatement e = record.value();
            String party = record.key();
            Instant published = e.getStatement().getPublishedAt();
            long streamTime = Math.max(newest(), record.timestamp());
            eventTime.put(NEWEST, Long.toString(streamTime));
            if (published.toEpochMilli() < streamTime - settings.grace().toMillis()) {
                late(record, streamTime);
                return;
            }
            PartyOpenness before = store.get(party);
            String statementKey = OpennessAccumulator.statementKey(e);
            String hash = Keys.hash(statementKey);
            // One statement counts once: a copy (syndication, reprocessing) replaces what it counted before.
            String countedKey = party + "|" + statementKey;
            Counted previous = Counted.decode(counted.get(countedKey), e.getSpeaker());
            PartyOpenness base = before;
            StatementView earlier = null;
            if (previous != null && before != null) {
                // Everything is read and parsed before anything is written, so a failure leaves the state as it was.
                base = OpennessAccumulator.remove(before, previous.stance(), previous.score(), previous.published());
                String oldBucket = Keys.bucket(party, previous.published(), previous.speaker());
                Tally oldTally = Tally.decode(buckets.get(oldBucket)).minus(previous.stance(), previous.score());
                String oldKey = Keys.timed(party, previous.published(), hash);
                String json = statements.get(oldKey);
                earlier = json == null ? null : Json.read(json, StatementView.class);
                buckets.put(oldBucket, oldTally.encode());
                statements.delete(oldKey);
                deletePrefix(conditions, oldKey + "|");
            }
            String bucket = Keys.bucket(party, published, e.getSpeaker());
            buckets.put(bucket, Tally.decode(buckets.get(bucket)).plus(e.getStance(), e.getScore()).encode());
            PartyOpenness after = OpennessAccumulator.add(base, e, settings.halfLife());
            counted.put(countedKey, new Counted(e.getStance(), e.getScore(), published, e.getSpeaker()).encode());

            StatementView view = StatementView.of(hash, e);
            String timedKey = Keys.timed(party, published, hash);
            statements.put(timedKey, Json.write(earlier == null ? view : earlier.seenAgain(view)));
            for (Condition c : e.getConditions()) {
                conditions.put(timedKey + "|" + c.getTopic(), Json.write(new ConditionView(party, c.getTopic(), c.getText(),
                        hash, e.getStatement().getText(), e.getSpeaker(), e.getStatement().getUrl(), published.toString())));
            }
            store.put(party, after);
            context.forward(record.withValue(after));
            for (StanceAlert alert : settings.rules().check(before, after, e, previous == null)) {
                alerts.put(alertKey(alert), alert);
                context.forward(record.withValue(alert));
            }
        }

        private void late(Record<String, EnrichedStatement> record, long streamTime) {
            EnrichedStatement e = record.value();
            String source = context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse(BY_PARTY);
            String reason = "published " + e.getStatement().getPublishedAt() + ", more than the grace period "
                    + settings.grace() + " before the newest statement seen (" + Instant.ofEpochMilli(streamTime) + ")";
            LOG.debug("dead letter from {}: LateStatement: {}", source, reason);
            context.forward(record.withValue(DeadLetters.of(STAGE, source, e.getStatement().getId(),
                    Topics.ENRICHED.valueSerde().encode(e), "LateStatement", reason, Instant.ofEpochMilli(streamTime))));
        }

        /** The newest publication time this partition has seen (capped a day past the wall clock on the way in). */
        private long newest() {
            String v = eventTime.get(NEWEST);
            return v == null ? Long.MIN_VALUE : Long.parseLong(v);
        }

        /** Drops evidence older than the retention and statement identities older than the dedupe horizon, in event time. */
        void expire() {
            long streamTime = newest();
            if (streamTime == Long.MIN_VALUE) {
                return;
            }
            String cutoff = String.format(Locale.ROOT, "%015d", Math.max(0, streamTime - settings.retention().toMillis()));
            List<String> parties = new ArrayList<>();
            try (KeyValueIterator<String, PartyOpenness> it = store.all()) {
                it.forEachRemaining(kv -> parties.add(kv.key));
            }
            for (String party : parties) {
                deleteRange(statements, party + "|", party + "|" + cutoff);
                deleteRange(conditions, party + "|", party + "|" + cutoff);
            }
            deleteRange(alerts, "", cutoff);
            String oldestDay = Instant.ofEpochMilli(Math.max(0, streamTime - settings.dedupeRetention().toMillis()))
                    .toString().substring(0, 10);
            List<String> expired = new ArrayList<>();
            try (KeyValueIterator<String, String> it = counted.all()) {
                it.forEachRemaining(kv -> {
                    int bar = kv.key.indexOf('|');
                    if (kv.key.substring(bar + 1, Math.min(kv.key.length(), bar + 11)).compareTo(oldestDay) < 0) {
                        expired.add(kv.key);
                    }
                });
            }
            expired.forEach(counted::delete);
        }

        private static <V> void deletePrefix(KeyValueStore<String, V> store, String prefix) {
            deleteRange(store, prefix, prefix + Character.MAX_VALUE);
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

    /** What a statement counted, so that a copy of it can take it out again. */
    record Counted(Stance stance, double score, Instant published, String speaker) {

        String encode() {
            return stance + "|" + score + "|" + published.toEpochMilli() + "|" + (speaker == null ? "" : speaker);
        }

        /** @param speaker the speaker to assume for values written before the speaker was kept */
        static Counted decode(String value, String speaker) {
            if (value == null) {
                return null;
            }
            String[] p = value.split("\\|", 4);
            String who = p.length > 3 ? (p[3].isEmpty() ? null : p[3]) : speaker;
            return new Counted(Stance.valueOf(p[0]), Double.parseDouble(p[1]), Instant.ofEpochMilli(Long.parseLong(p[2])), who);
        }
    }
}

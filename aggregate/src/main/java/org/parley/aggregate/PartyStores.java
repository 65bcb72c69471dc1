package org.parley.aggregate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.parley.aggregate.evidence.ConditionView;
import org.parley.aggregate.evidence.Json;
import org.parley.aggregate.evidence.StatementView;
import org.parley.aggregate.index.Tally;
import org.parley.aggregate.state.CountedStatement;
import org.parley.aggregate.state.HourTally;
import org.parley.aggregate.state.PartyState;
import org.parley.avro.StanceAlert;
import org.parley.schemas.AvroSerde;
import org.parley.schemas.Topics;

/**
 * Every state store of the aggregate: its name, key layout and value serde, for the processor
 * that writes them and the queries that read them. Keys start with the party, so one party is one
 * range; values are typed (Avro records that are never published, or the evidence as JSON).
 */
public final class PartyStores {

    /** Each party's state (its figures and the sums behind them); key: the party code. */
    public static final String OPENNESS = "party-state";
    /** What each statement counted, kept for good so every copy counts once; key {@link #identity}. */
    public static final String IDENTITIES = "statement-identities";
    /** Statements counted per party, publication hour and speaker; key {@link BucketKey}. */
    public static final String BUCKETS = "hour-tallies-by-party";
    /** The statements counted, with their mentions, as evidence; key {@link #timed}. */
    public static final String STATEMENTS = "statements-by-party";
    /** The conditions stated; key {@link #timed} and "|topic". */
    public static final String CONDITIONS = "conditions-by-party";
    /** Alerts raised, keyed by {@link #alertKey}: statement time, then id. */
    public static final String ALERTS = "alerts-by-time";
    /** The newest publication time a task has seen (key {@value #NEWEST}): what alerts expire against. */
    public static final String EVENT_TIME = "newest-publication";
    static final String NEWEST = "newest";

    public static final Serde<PartyState> STATE_SERDE = AvroSerde.of(PartyState.class);
    public static final Serde<CountedStatement> COUNTED_SERDE = AvroSerde.of(CountedStatement.class);
    public static final Serde<Tally> TALLY_SERDE = Serdes.serdeFrom(
            (topic, t) -> t == null ? null : AvroSerde.of(HourTally.class).encode(
                    new HourTally(t.open(), t.conditional(), t.closed(), t.scoreMicros(), t.squareMicros())),
            (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                HourTally h = AvroSerde.of(HourTally.class).decode(bytes);
                return new Tally(h.getOpen(), h.getConditional(), h.getClosed(), h.getScoreMicros(), h.getSquareMicros());
            });
    public static final Serde<StatementView> STATEMENT_SERDE = json(StatementView.class);
    public static final Serde<ConditionView> CONDITION_SERDE = json(ConditionView.class);

    private PartyStores() {
    }

    /**
     * The builders of every store, persistent (RocksDB, restored from their changelogs) and cached:
     * the writes a commit interval makes to one key (a party's state, its hourly tallies, the newest
     * event time) reach RocksDB and the changelog once, at the commit, instead of once a statement.
     */
    static List<StoreBuilder<?>> builders() {
        return List.of(
                cached(OPENNESS, STATE_SERDE),
                cached(IDENTITIES, COUNTED_SERDE),
                cached(BUCKETS, TALLY_SERDE),
                cached(STATEMENTS, STATEMENT_SERDE),
                cached(CONDITIONS, CONDITION_SERDE),
                cached(ALERTS, Topics.ALERTS.valueSerde()),
                cached(EVENT_TIME, Serdes.Long()));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> cached(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values).withCachingEnabled();
    }

    static String[] names() {
        return new String[] {OPENNESS, IDENTITIES, BUCKETS, STATEMENTS, CONDITIONS, ALERTS, EVENT_TIME};
    }

    /** A bucket's key: "PARTY|2024-06-01T08|speaker" ("" for none; a '|' in the speaker becomes '/'). */
    public record BucketKey(String party, Instant hour, String speaker) {

        public static BucketKey of(String party, Instant published, String speaker) {
            return new BucketKey(party, published.truncatedTo(java.time.temporal.ChronoUnit.HOURS), speaker == null ? "" : speaker);
        }

        public String encode() {
            return party + "|" + hour(hour) + "|" + speaker.replace('|', '/');
        }

        /** @throws IllegalArgumentException for a key not written by {@link #encode} */
        public static BucketKey parse(String key) {
            String[] p = key.split("\\|", 3);
            if (p.length != 3) {
                throw new IllegalArgumentException("not a bucket key: " + key);
            }
            return new BucketKey(p[0], Instant.parse(p[1] + ":00:00Z"), p[2]);
        }

        /** The first key of a party's buckets from the hour of {@code from}. */
        public static String from(String party, Instant from) {
            return party + "|" + hour(from);
        }

        /** The last key of a party's buckets up to the hour of {@code to}, included. */
        public static String to(String party, Instant to) {
            return party + "|" + hour(to) + "|" + Character.MAX_VALUE;
        }

        private static String hour(Instant t) {
            return t.toString().substring(0, 13);
        }
    }

    /** A statement's identity for a party: the party and the hash of its {@code statementKey}. */
    public static String identity(String party, String statementHash) {
        return party + "|" + statementHash;
    }

    /** "PARTY|000001717228800000|hash": sorts a party's evidence by publication time. */
    public static String timed(String party, Instant published, String hash) {
        return party + "|" + millis(published.toEpochMilli()) + "|" + hash;
    }

    /** The first key of a party's evidence published at or after {@code t}. */
    public static String timedFrom(String party, Instant t) {
        return party + "|" + millis(t.toEpochMilli());
    }

    /** The alerts store's key: sorts by statement time. */
    public static String alertKey(StanceAlert a) {
        return millis(a.getStatementAt().toEpochMilli()) + "|" + a.getId();
    }

    public static String millis(long epochMillis) {
        return String.format(Locale.ROOT, "%015d", Math.max(0, epochMillis));
    }

    /** A short stable hash of a statement key. */
    public static String hash(String statementKey) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(statementKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> Serde<T> json(Class<T> type) {
        return Serdes.serdeFrom(
                (topic, v) -> v == null ? null : Json.write(v).getBytes(StandardCharsets.UTF_8),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    try {
                        return Json.read(new String(bytes, StandardCharsets.UTF_8), type);
                    } catch (IllegalStateException e) {
                        throw new SerializationException(e.getMessage(), e);
                    }
                });
    }

}

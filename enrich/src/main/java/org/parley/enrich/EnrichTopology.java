package org.parley.enrich;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.parley.avro.Condition;
import org.parley.avro.DeadLetter;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.Statement;
import org.parley.enrich.attribution.Discourse;
import org.parley.schemas.AvroSerde;
import org.parley.schemas.DeadLetters;
import org.parley.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrich stage in Kafka Streams: {@code parley.statements.v1} to {@code parley.enriched.v1}.
 * Statements are keyed by article id, so one article's statements arrive in order at one task;
 * a state store keeps each article's discourse (the last speaker) for "he says". A record that
 * cannot be decoded or enriched goes to the dead-letter topic with its reason, and the stream
 * goes on.
 */
public final class EnrichTopology {

    public static final String STAGE = "enrich";
    public static final String DISCOURSE_STORE = "enrich-discourse-by-article";
    static final Duration DISCOURSE_TTL = Duration.ofHours(6);

    private EnrichTopology() {
    }

    public static Topology build(Enricher enricher, Clock clock) {
        Topology t = new Topology();
        t.addSource("statements", new StringDeserializer(), new ByteArrayDeserializer(), Topics.STATEMENTS.name());
        t.addProcessor("enrich", () -> new EnrichProcessor(enricher, clock), "statements");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DISCOURSE_STORE),
                Serdes.String(), Serdes.String()).withCachingEnabled(), "enrich"); // an article's statements update it once a commit
        t.addSink("enriched", Topics.ENRICHED.name(), Topics.ENRICHED.keySerde().serializer(),
                Topics.ENRICHED.valueSerde().serializer(), "enrich");
        t.addSink("dead-letters", Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().serializer(),
                Topics.DEAD_LETTERS.valueSerde().serializer(), "enrich");
        return t;
    }

    static final class EnrichProcessor implements Processor<String, byte[], String, Object> {

        private static final Logger LOG = LoggerFactory.getLogger(EnrichProcessor.class);
        private static final AvroSerde<Statement> STATEMENTS = Topics.STATEMENTS.valueSerde();

        private final Enricher enricher;
        private final Clock clock;
        private ProcessorContext<String, Object> context;
        private KeyValueStore<String, String> discourses;

        EnrichProcessor(Enricher enricher, Clock clock) {
            this.enricher = enricher;
            this.clock = clock;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
            this.discourses = context.getStateStore(DISCOURSE_STORE);
            context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, this::expireDiscourses);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            Statement statement;
            try {
                statement = STATEMENTS.decode(record.value());
            } catch (SerializationException e) {
                deadLetter(record, "UndecodableRecord", e, false);
                return;
            }
            try {
                Discourse discourse = readDiscourse(statement.getArticleId());
                LocalDate date = LocalDate.ofInstant(statement.getPublishedAt(), ZoneOffset.UTC);
                Enricher.Result r = enricher.enrich(statement.getText(), date, statement.getKind(), discourse);
                writeDiscourse(statement.getArticleId(), discourse);
                EnrichedStatement out = EnrichedStatement.newBuilder()
                        .setStatement(statement)
                        .setSpeaker(r.speaker())
                        .setParty(r.party())
                        .setStance(r.stance())
                        .setScore(r.score())
                        .setCues(r.cues())
                        .setRulesVersion(enricher.rulesVersion())
                        .setCameo(r.cameo())
                        .setPlover(r.plover())
                        .setSpeakerRole(r.speakerRole())
                        .setConfidence(r.confidence())
                        .setConditions(r.conditions().stream().map(c -> new Condition(c.topic(), c.text(), c.start(), c.end())).toList())
                        .setEnrichedAt(clock.instant())
                        .build();
                context.forward(record.withValue((Object) out), "enriched");
            } catch (RuntimeException e) {
                deadLetter(record, "EnrichFailure", e, true);
            }
        }

        /** @param unexpected whether the failure is a fault (logged with its stack trace) rather than bad input (one line) */
        private void deadLetter(Record<String, byte[]> record, String type, RuntimeException error, boolean unexpected) {
            String source = context.recordMetadata()
                    .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse(Topics.STATEMENTS.name());
            if (unexpected) {
                LOG.warn("dead letter from {}: {}", source, type, error);
            } else {
                LOG.warn("dead letter from {}: {}: {}", source, type, DeadLetters.oneLine(error.getMessage()));
            }
            DeadLetter dl = DeadLetters.of(STAGE, source, record.key(), record.value(), type, error, clock.instant());
            context.forward(new Record<String, Object>(STAGE, dl, record.timestamp()), "dead-letters");
        }

        private Discourse readDiscourse(String articleId) {
            String v = discourses.get(articleId);
            if (v == null) {
                return new Discourse();
            }
            String[] parts = v.split("\u0000", -1);
            int sinceTopic = parts.length > 3 ? Integer.parseInt(parts[3]) : Integer.MAX_VALUE / 2;
            Discourse d = new Discourse(emptyToNull(parts[1]), emptyToNull(parts[2]), sinceTopic);
            // People introduced by the article: word, name and party, three fields each.
            Map<String, Discourse.Person> people = new java.util.LinkedHashMap<>();
            for (int i = 4; i + 2 < parts.length; i += 3) {
                people.put(parts[i], new Discourse.Person(parts[i + 1], emptyToNull(parts[i + 2])));
            }
            d.restorePeople(people);
            return d;
        }

        private void writeDiscourse(String articleId, Discourse d) {
            // The same state as analyze keeps while reading an article: last speaker, talks topic, people introduced.
            StringBuilder v = new StringBuilder().append(clock.millis()).append('\u0000')
                    .append(d.lastSpeaker() == null ? "" : d.lastSpeaker()).append('\u0000')
                    .append(d.lastParty() == null ? "" : d.lastParty()).append('\u0000').append(d.sinceTopic());
            d.people().forEach((word, p) -> v.append('\u0000').append(word).append('\u0000').append(p.name())
                    .append('\u0000').append(p.party() == null ? "" : p.party()));
            discourses.put(articleId, v.toString());
        }

        /** An article's statements arrive together; its discourse is not needed hours later. */
        private void expireDiscourses(long now) {
            long cutoff = now - DISCOURSE_TTL.toMillis();
            try (KeyValueIterator<String, String> it = discourses.all()) {
                while (it.hasNext()) {
                    KeyValue<String, String> kv = it.next();
                    long seen = Long.parseLong(kv.value.substring(0, kv.value.indexOf('\u0000')));
                    if (seen < cutoff) {
                        discourses.delete(kv.key);
                    }
                }
            }
        }

        private static String emptyToNull(String s) {
            return s == null || s.isEmpty() ? null : s;
        }
    }
}

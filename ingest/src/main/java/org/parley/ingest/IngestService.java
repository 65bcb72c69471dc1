package org.parley.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.parley.avro.Article;
import org.parley.avro.Statement;
import org.parley.ingest.extract.LinkedPageReader;
import org.parley.ingest.feed.SourceFetcher;
import org.parley.ingest.poll.ArticleSink;
import org.parley.ingest.poll.ArticleSink.PublishException;
import org.parley.ingest.poll.FeedPoller;
import org.parley.ingest.poll.FeedSpec;
import org.parley.ingest.poll.PollPolicy;
import org.parley.ingest.poll.SeenArticles;
import org.parley.ingest.split.StatementSplitter;
import org.parley.schemas.DeadLetters;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topic;
import org.parley.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest stage's Kafka shell: a {@link FeedPoller} whose new articles go to
 * {@code parley.articles.v1} and their statements to {@code parley.statements.v1}, keyed by
 * article id, with the publication time as the record timestamp (topics Parley creates replace it by the
 * time of arrival, so that retention counts from arrival); unreadable input goes to the
 * dead-letter topic. Article ids already on the articles topic are loaded at start, so a restart
 * publishes nothing twice.
 */
public final class IngestService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    static final String STAGE = "ingest";

    /**
     * What ingest reads and how.
     *
     * @param instanceId this instance's name in its transactional id: the same across restarts
     *                   where it can be (then a restart aborts the transaction a crash left open at
     *                   once), unique among the instances running
     */
    public record Config(KafkaClientConfig kafka, List<FeedSpec> feeds, PollPolicy policy, FeedPoller.Config poller,
                         String instanceId) {
        public Config {
            feeds = List.copyOf(feeds);
        }
    }

    /** How long a transaction a crash left open may block readers before the broker aborts it. */
    static final int TRANSACTION_TIMEOUT_MS = 15_000;

    private final Config config;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;
    private final ArticleStatements statements = new ArticleStatements(new StatementSplitter());
    private final SeenArticles seen = new SeenArticles();
    private final FeedPoller poller;
    private final Counter deadLetters;
    /** Statements on the statements topic: counted when their transaction commits. */
    private final Counter published;

    public IngestService(Config config, SourceFetcher fetcher, Clock clock, MeterRegistry metrics) {
        this.config = config;
        this.clock = clock;
        Properties p = config.kafka().properties();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "parley-ingest");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        // An article and its statements are published in one transaction, and marked seen only once it commits.
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "parley-ingest-" + config.instanceId());
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.poller = new FeedPoller(config.policy(), config.poller(), fetcher, new KafkaSink(), seen,
                new LinkedPageReader(fetcher, config.poller().perHostDelay()), clock, RandomGenerator.getDefault(), metrics);
        this.deadLetters = metrics.counter("parley.dead.letters", "stage", STAGE);
        this.published = metrics.counter("parley.statements.published", "stage", STAGE);
    }

    /** Loads the ids already published, adds the configured feeds and starts polling. */
    public void start() {
        producer.initTransactions();
        loadSeenArticleIds();
        config.feeds().forEach(poller::add);
        poller.start();
    }

    /** The poller, for the admin API and health. */
    public FeedPoller poller() {
        return poller;
    }

    private final class KafkaSink implements ArticleSink {
        @Override
        public void article(Article article) {
            articles(List.of(article));
        }

        /** One transaction: the articles and their statements are on their topics all together or not at all. */
        @Override
        public void articles(List<Article> batch) {
            synchronized (producer) { // feeds are read by several threads; a producer runs one transaction at a time
                try {
                    producer.beginTransaction();
                    int n = 0;
                    for (Article article : batch) {
                        long ts = article.getPublishedAt().toEpochMilli();
                        send(Topics.ARTICLES, article.getId(), ts, article);
                        for (Statement s : statements.of(article)) {
                            send(Topics.STATEMENTS, article.getId(), ts, s);
                            n++;
                        }
                    }
                    producer.commitTransaction();
                    published.increment(n);
                } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
                    // Another instance took this transactional id, or the cluster refuses: this producer cannot go on.
                    throw new PublishException("Kafka refuses this ingest instance: " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    abort();
                    throw new PublishException("Kafka did not take " + batch.size() + " article(s): " + e.getMessage(), e);
                }
            }
        }

        @Override
        public void deadLetter(String source, byte[] payload, String errorType, String message) {
            Instant now = clock.instant();
            deadLetters.increment();
            synchronized (producer) {
                try {
                    producer.beginTransaction();
                    send(Topics.DEAD_LETTERS, STAGE, now.toEpochMilli(), DeadLetters.of(STAGE, source, null, payload, errorType, message, now));
                    producer.commitTransaction();
                } catch (RuntimeException e) {
                    abort();
                    LOG.error("cannot publish the dead letter for {} ({}: {})", source, errorType, DeadLetters.oneLine(message), e);
                }
            }
        }

        private void abort() {
            try {
                producer.abortTransaction();
            } catch (RuntimeException e) {
                LOG.debug("no transaction to abort: {}", e.toString());
            }
        }
    }

    private <V extends SpecificRecord> void send(Topic<V> topic, String key, long timestamp, V value) {
        producer.send(new ProducerRecord<>(topic.name(), null, timestamp, key, topic.valueSerde().encode(value)));
    }

    private void loadSeenArticleIds() {
        Properties p = config.kafka().properties();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ARTICLES.name(), Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = clock.instant().plus(Duration.ofMinutes(2));
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && clock.instant().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null) {
                        seen.markSeen(r.key());
                    }
                }
            }
        }
        if (seen.size() > 0) {
            LOG.info("{} articles already ingested; they will not be published again", seen.size());
        }
    }

    @Override
    public void close() {
        poller.close();
        producer.close(Duration.ofSeconds(10));
    }
}

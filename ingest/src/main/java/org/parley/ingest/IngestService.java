package org.parley.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.parley.avro.Article;
import org.parley.avro.DeadLetter;
import org.parley.avro.Statement;
import org.parley.ingest.feed.FeedArticles;
import org.parley.ingest.feed.FeedException;
import org.parley.ingest.feed.FeedParser;
import org.parley.ingest.feed.ParsedFeed;
import org.parley.ingest.feed.SourceFetcher;
import org.parley.ingest.split.StatementSplitter;
import org.parley.schemas.DeadLetters;
import org.parley.schemas.Topic;
import org.parley.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest stage's Kafka shell: polls the configured feeds, publishes each new article to
 * {@code parley.articles.v1} and its statements to {@code parley.statements.v1}, keyed by article
 * id, with the publication time as the record timestamp. A feed that fails produces a dead letter
 * and a log line; the other feeds go on.
 */
public final class IngestService implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    static final String STAGE = "ingest";

    /** What ingest reads and how often. */
    public record Config(String bootstrapServers, List<String> feeds, Duration pollInterval) {
        public Config {
            feeds = List.copyOf(feeds);
        }
    }

    private final Config config;
    private final SourceFetcher fetcher;
    private final FeedParser parser = new FeedParser();
    private final ArticleStatements statements = new ArticleStatements(new StatementSplitter());
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;
    private final Set<String> seen = new HashSet<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Object sleeper = new Object();

    public IngestService(Config config, SourceFetcher fetcher, Clock clock) {
        this.config = config;
        this.fetcher = fetcher;
        this.clock = clock;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "parley-ingest");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void run() {
        loadSeenArticleIds();
        while (running.get()) {
            pollOnce();
            synchronized (sleeper) {
                try {
                    if (running.get()) {
                        sleeper.wait(config.pollInterval().toMillis());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Reads every feed once and publishes what is new; returns the number of new articles. */
    public int pollOnce() {
        int total = 0;
        for (String feed : config.feeds()) {
            if (!running.get()) {
                break;
            }
            total += ingestFeed(feed);
        }
        producer.flush();
        return total;
    }

    private int ingestFeed(String source) {
        Instant now = clock.instant();
        byte[] bytes = null;
        try {
            bytes = fetcher.fetch(source);
            ParsedFeed feed = parser.parse(bytes);
            int fresh = 0;
            int statementCount = 0;
            // Oldest first, so that event time moves forward as consumers read.
            List<Article> articles = FeedArticles.of(source, feed, now).stream()
                    .sorted(java.util.Comparator.comparing(Article::getPublishedAt)).toList();
            for (Article article : articles) {
                if (!seen.add(article.getId())) {
                    continue;
                }
                fresh++;
                long ts = article.getPublishedAt().toEpochMilli();
                send(Topics.ARTICLES, article.getId(), ts, article);
                for (Statement s : statements.of(article)) {
                    send(Topics.STATEMENTS, article.getId(), ts, s);
                    statementCount++;
                }
            }
            LOG.info("feed {}: {} items, {} new articles, {} statements published", source, feed.items().size(), fresh, statementCount);
            return fresh;
        } catch (FeedException e) {
            LOG.warn("feed {} refused ({}): {}", source, e.type(), DeadLetters.oneLine(e.getMessage()));
            DeadLetter dl = DeadLetters.of(STAGE, source, null, bytes, e.type().name(), e.getMessage(), now);
            send(Topics.DEAD_LETTERS, STAGE, now.toEpochMilli(), dl);
            return 0;
        }
    }

    private <V extends org.apache.avro.specific.SpecificRecord> void send(Topic<V> topic, String key, long timestamp, V value) {
        producer.send(new ProducerRecord<>(topic.name(), null, timestamp, key, topic.valueSerde().encode(value)),
                (meta, error) -> {
                    if (error != null) {
                        LOG.error("cannot publish to {}: {}", topic.name(), error.toString());
                    }
                });
    }

    /** Articles already on the topic are not published again, across restarts. */
    private void loadSeenArticleIds() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
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
                        seen.add(r.key());
                    }
                }
            }
        }
        if (!seen.isEmpty()) {
            LOG.info("{} articles already ingested; they will not be published again", seen.size());
        }
    }

    public void stop() {
        running.set(false);
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
    }

    @Override
    public void close() {
        stop();
        producer.close(Duration.ofSeconds(10));
    }
}

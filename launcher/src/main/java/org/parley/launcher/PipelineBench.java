package org.parley.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.parley.aggregate.AggregateSettings;
import org.parley.aggregate.AggregateTopology;
import org.parley.aggregate.http.Windows;
import org.parley.enrich.Enricher;
import org.parley.ingest.feed.FeedParser;
import org.parley.ingest.ArticleStatements;
import org.parley.ingest.feed.FeedArticles;
import org.parley.ingest.poll.FeedPoller;
import org.parley.ingest.poll.FeedSpec;
import org.parley.ingest.poll.PollPolicy;
import org.parley.ingest.split.StatementSplitter;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topics;

/**
 * The whole pipeline measured on the broker it runs on: what the broker itself passes with tuned
 * plain clients (the ceiling), and how fast a corpus of statements goes through ingest, enrich and
 * aggregate until the aggregate has counted every one of them.
 */
final class PipelineBench {

    /** Articles per generated feed file (at most): a poll publishes a feed's new articles in one transaction. */
    static final int ARTICLES_PER_FEED = 500;
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** A generated corpus: its feed files and the statements ingest will split them into. */
    record Corpus(List<Path> feeds, int articles, long statements, long bytes) {
    }

    /** The broker's pass-through with tuned plain clients. */
    record Ceiling(long records, int recordBytes, double seconds) {
        double recordsPerSecond() {
            return records / seconds;
        }

        double megabytesPerSecond() {
            return records * (double) recordBytes / seconds / 1e6;
        }
    }

    /**
     * One pipeline run: its statements, from the first poll until the aggregate had counted them
     * all, and the process's memory meanwhile (the benchmark's JVM holds the broker too).
     */
    record Run(long statements, long counted, double seconds, Memory memory) {
        double statementsPerSecond() {
            return statements / seconds;
        }
    }

    private PipelineBench() {
    }

    /**
     * Writes RSS files of articles made of the given texts, each article a distinct link and
     * publication day (so that the aggregate counts a text reused on another day as another
     * statement), until they hold at least {@code statements} statements as ingest splits them.
     */
    static Corpus corpus(Path dir, List<String> texts, long statements) throws IOException, org.parley.ingest.feed.FeedException {
        Files.createDirectories(dir);
        StatementSplitter splitter = new StatementSplitter();
        FeedParser parser = new FeedParser();
        List<Path> feeds = new ArrayList<>();
        long counted = 0;
        long bytes = 0;
        int article = 0;
        Instant start = Instant.parse("2020-01-01T08:00:00Z");
        double perArticle = texts.stream().limit(50).mapToInt(t -> splitter.split(t).size()).average().orElse(10);
        while (counted < statements) {
            // Feeds of 500 articles, the last only as large as the statements still wanted need.
            int size = (int) Math.max(1, Math.min(ARTICLES_PER_FEED, Math.ceil((statements - counted) / Math.max(1, perArticle))));
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                    + "<title>Parley bench " + feeds.size() + "</title><link>https://bench.parley.invalid/</link>"
                    + "<description>generated</description><language>en</language>\n");
            for (int i = 0; i < size; i++, article++) {
                String text = texts.get(article % texts.size());
                // Each pass over the texts moves a day on, so no two articles share a text and a day.
                Instant published = start.plus(Duration.ofDays(article / texts.size())).plusSeconds(article % 86_400L);
                xml.append("<item><title>Article ").append(article).append("</title><link>https://bench.parley.invalid/a/")
                        .append(article).append("</link><pubDate>").append(RFC_1123.format(published))
                        .append("</pubDate><description>").append(escape(text)).append("</description></item>\n");
            }
            xml.append("</channel></rss>\n");
            byte[] body = xml.toString().getBytes(StandardCharsets.UTF_8);
            Path file = dir.resolve(String.format("feed-%04d.xml", feeds.size()));
            Files.write(file, body);
            feeds.add(file);
            bytes += body.length;
            counted += statementsOf(file, parser, new ArticleStatements(splitter)).size();
        }
        return new Corpus(feeds, article, counted, bytes);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Where each run's broker comes from: a fresh embedded broker, or an external cluster that holds
     * none of Parley's topics and consumer groups, from which a run deletes what it made when it ends,
     * so that every run starts on empty topics as on a fresh broker.
     */
    interface Cluster {

        /** A cluster for one run; closing it stops the broker, or deletes the run's topics and groups. */
        Lease lease() throws Exception;

        /** A lease: the clients' configuration, and what ends it. */
        record Lease(KafkaClientConfig kafka, AutoCloseable end) implements AutoCloseable {
            @Override
            public void close() throws Exception {
                end.close();
            }
        }

        /** A new embedded broker for each run; PARLEY_KAFKA_* variables apply to its clients, as to {@code parley run}. */
        static Cluster embedded() {
            return () -> {
                EmbeddedKafka broker = EmbeddedKafka.start(null, 0);
                return new Lease(KafkaClientConfig.load(null, System.getenv(), broker.bootstrapServers()), broker::close);
            };
        }

        /** The given cluster, which must hold no topic or consumer group whose name starts with "parley". */
        static Cluster external(KafkaClientConfig kafka) {
            return () -> {
                try (Admin admin = Admin.create(kafka.with(Map.of()))) {
                    List<String> taken = new ArrayList<>(parleyTopics(admin));
                    taken.addAll(parleyGroups(admin));
                    if (!taken.isEmpty()) {
                        throw new IllegalStateException("the cluster at " + kafka.bootstrapServers() + " holds " + taken.size()
                                + " of Parley's topics or groups (" + taken.get(0) + "...): the benchmark needs a cluster of its own, "
                                + "whose Parley topics it creates and deletes");
                    }
                }
                return new Lease(kafka, () -> empty(kafka));
            };
        }

        private static List<String> parleyTopics(Admin admin) throws Exception {
            return admin.listTopics().names().get(30, java.util.concurrent.TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith("parley")).sorted().toList();
        }

        private static List<String> parleyGroups(Admin admin) throws Exception {
            return admin.listGroups().all().get(30, java.util.concurrent.TimeUnit.SECONDS).stream()
                    .map(g -> g.groupId()).filter(g -> g.startsWith("parley")).sorted().toList();
        }

        /** Deletes the run's consumer groups and topics, and waits until the topics are gone. */
        private static void empty(KafkaClientConfig kafka) throws Exception {
            try (Admin admin = Admin.create(kafka.with(Map.of()))) {
                List<String> groups = parleyGroups(admin);
                if (!groups.isEmpty()) {
                    admin.deleteConsumerGroups(groups).all().get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
                admin.deleteTopics(parleyTopics(admin)).all().get(60, java.util.concurrent.TimeUnit.SECONDS);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!parleyTopics(admin).isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the cluster still lists the run's topics a minute after their deletion: "
                                + parleyTopics(admin));
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /**
     * Produces {@code records} records of {@code recordBytes} bytes to a topic of {@code partitions}
     * partitions while a consumer reads them, with the clients tuned as one would for throughput
     * (batching, linger, lz4), and times the last record's arrival.
     */
    static Ceiling ceiling(KafkaClientConfig kafka, long records, int recordBytes, int partitions) throws Exception {
        String topic = "parley.bench.ceiling." + System.nanoTime();
        try (Admin admin = Admin.create(kafka.with(Map.of()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        byte[] value = new byte[recordBytes];
        new Random(1).nextBytes(value);
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.GROUP_ID_CONFIG, "parley-bench-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 65_536,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AtomicLong received = new AtomicLong();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.with(consumerConfig),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            consumer.poll(Duration.ofMillis(100));
            Thread producing = new Thread(() -> {
                Map<String, Object> producerConfig = Map.of(ProducerConfig.LINGER_MS_CONFIG, 10,
                        ProducerConfig.BATCH_SIZE_CONFIG, 262_144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.with(producerConfig),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
                    for (long i = 0; i < records; i++) {
                        producer.send(new ProducerRecord<>(topic, Long.toString(i).getBytes(StandardCharsets.UTF_8), value));
                    }
                }
            }, "parley-bench-producer");
            long t0 = System.nanoTime();
            producing.start();
            long deadline = t0 + Duration.ofMinutes(10).toNanos();
            while (received.get() < records && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                received.addAndGet(batch.count());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            producing.join();
            if (received.get() < records) {
                throw new IllegalStateException("the ceiling run read " + received.get() + " of " + records + " records in 10 minutes");
            }
            return new Ceiling(records, recordBytes, seconds);
        } finally {
            try (Admin admin = Admin.create(kafka.with(Map.of()))) {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }

    /**
     * Runs the corpus through the pipeline on a fresh broker: enrich and aggregate are started and
     * running first; the clock starts when ingest starts polling the feeds, and stops when the
     * enriched topic holds every statement and the aggregate has caught up with it.
     */
    static Run pipeline(Corpus corpus, Enricher enricher, int partitions, Path workDir, Consumer<String> progress) throws Exception {
        return pipeline(Cluster.embedded(), corpus, enricher, partitions, 1, workDir, progress);
    }

    /**
     * The same with {@code enrichInstances} enrich instances: the first beside the aggregate, the
     * others each a pipeline of its own in this process (their own state directories and stream
     * threads, one consumer group), all members of the group before ingest starts.
     */
    static Run pipeline(Cluster cluster, Corpus corpus, Enricher enricher, int partitions, int enrichInstances, Path workDir,
                        Consumer<String> progress) throws Exception {
        try (Cluster.Lease lease = cluster.lease()) {
            KafkaClientConfig kafka = lease.kafka();
            TopicSetup.ensureTopics(kafka, partitions, (short) 1);
            Path state = Files.createTempDirectory(workDir, "state-");
            Pipeline.AggregateConfig aggregate = new Pipeline.AggregateConfig(
                    AggregateSettings.defaults().withAlertHorizon(AggregateOptions.ARCHIVE_ALERT_HORIZON),
                    Windows.parse(Windows.DEFAULT), List.of(), null);
            System.gc();
            try (MemorySampler memory = new MemorySampler();
                 Pipeline counting = Pipeline.start(new Pipeline.Config(kafka, state, List.of(), null, null,
                    new Pipeline.Http(0, "127.0.0.1", null), false, true, true, enricher, false, aggregate));
                 EnrichedCounter enriched = new EnrichedCounter(kafka);
                 AutoCloseableList others = new AutoCloseableList()) {
                for (int i = 1; i < enrichInstances; i++) {
                    others.add(Pipeline.start(new Pipeline.Config(kafka, Files.createTempDirectory(workDir, "enrich-"), List.of(), null,
                            null, new Pipeline.Http(0, "127.0.0.1", null), false, true, false, enricher, false, null)));
                }
                awaitServing(counting.httpPort());
                awaitEnrichMembers(kafka, enrichInstances);
                List<FeedSpec> feeds = corpus.feeds().stream().map(p -> FeedSpec.of(p.toString())).toList();
                long t0 = System.nanoTime();
                try (Pipeline ingest = Pipeline.start(new Pipeline.Config(kafka, Files.createTempDirectory(workDir, "ingest-"), feeds,
                        PollPolicy.defaults(Duration.ofHours(6)), new FeedPoller.Config(4, Duration.ZERO),
                        new Pipeline.Http(0, "127.0.0.1", null), true, false, false, null, false, null))) {
                    long lastReport = t0;
                    while (!(enriched.count() >= corpus.statements() && caughtUp(kafka))) {
                        Thread.sleep(100);
                        if (System.nanoTime() - lastReport > 5e9) {
                            lastReport = System.nanoTime();
                            progress.accept(String.format("  %,d of %,d statements enriched after %.0f s", enriched.count(),
                                    corpus.statements(), (lastReport - t0) / 1e9));
                        }
                        if (System.nanoTime() - t0 > Duration.ofHours(2).toNanos()) {
                            throw new IllegalStateException("the pipeline did not finish within 2 hours");
                        }
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    return new Run(corpus.statements(), countedByTheAggregate(counting.httpPort()), seconds, memory.peak());
                }
            }
        }
    }

    /**
     * The process's memory at its highest during a run: heap in use (garbage included), heap still
     * in use after the collections (what the work needs), and resident set size.
     */
    record Memory(long peakHeapMb, long peakLiveHeapMb, long peakRssMb) {
    }

    /** Samples the process's memory every 200 ms until closed. */
    static final class MemorySampler implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;
        private long heap;
        private long live;
        private long rss;

        MemorySampler() {
            thread = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "parley-bench-memory");
            thread.setDaemon(true);
            thread.start();
        }

        private synchronized void sample() {
            heap = Math.max(heap, java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            long afterGc = 0;
            for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    afterGc += pool.getCollectionUsage().getUsed();
                }
            }
            live = Math.max(live, afterGc);
            rss = Math.max(rss, residentSetBytes());
        }

        /** VmRSS of /proc/self/status, or 0 where there is none. */
        private static long residentSetBytes() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // not Linux
            }
            return 0;
        }

        synchronized Memory peak() {
            sample();
            return new Memory(heap >> 20, live >> 20, rss >> 20);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(1000);
        }
    }

    /** Latencies from a probe statement's publication into Kafka to the event stream's snapshot that includes it. */
    record Latency(int sent, int seen, double p50Millis, double p99Millis, double maxMillis, long statements, double seconds) {
    }

    /**
     * Offers the corpus's statements to the statements topic at {@code rate} a second for
     * {@code seconds}, as ingest would publish them, with enrich and aggregate running; about twice
     * a second one of them is a probe: a statement that counts for a party and is its newest, with
     * a text of its own. An event-stream client notes when the party's snapshot first carries the
     * probe as its latest statement: that time minus the probe's send time is its latency.
     */
    static Latency latency(Cluster cluster, Corpus corpus, Enricher enricher, int partitions, double rate, int seconds, Path workDir,
                           Consumer<String> progress) throws Exception {
        List<org.parley.avro.Statement> load = statementsOf(corpus);
        try (Cluster.Lease lease = cluster.lease()) {
            KafkaClientConfig kafka = lease.kafka();
            TopicSetup.ensureTopics(kafka, partitions, (short) 1);
            Pipeline.AggregateConfig aggregate = new Pipeline.AggregateConfig(AggregateSettings.defaults(),
                    Windows.parse(Windows.DEFAULT), List.of(), null);
            try (Pipeline counting = Pipeline.start(new Pipeline.Config(kafka, Files.createTempDirectory(workDir, "state-"), List.of(),
                    null, null, new Pipeline.Http(0, "127.0.0.1", null), false, true, true, enricher, false, aggregate))) {
                awaitServing(counting.httpPort());
                Map<String, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
                List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
                HttpClient http = HttpClient.newHttpClient();
                var stream = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + counting.httpPort() + "/api/stream"))
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
                HttpResponse<java.util.stream.Stream<String>> events = stream.get(30, java.util.concurrent.TimeUnit.SECONDS);
                Thread reader = new Thread(() -> {
                    try {
                        events.body().forEach(line -> {
                            int at = line.indexOf(PROBE);
                            if (line.startsWith("data:") && at >= 0) {
                                Long sent = sentAt.remove(line.substring(at, line.indexOf('.', at)));
                                if (sent != null) {
                                    latencies.add((System.nanoTime() - sent) / 1e6);
                                }
                            }
                        });
                    } catch (UncheckedIOException e) {
                        // the stream is closed at the end of the run
                    }
                }, "parley-bench-events");
                reader.setDaemon(true);
                reader.start();
                Map<String, Object> config = Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5);
                int probes = 0;
                long sentStatements = 0;
                long t0 = System.nanoTime();
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.with(config),
                        new org.apache.kafka.common.serialization.StringSerializer(), new ByteArraySerializer())) {
                    long end = t0 + Duration.ofSeconds(seconds).toNanos();
                    long nextProbe = t0;
                    long lastReport = t0;
                    int next = 0;
                    while (System.nanoTime() < end) {
                        long now = System.nanoTime();
                        long due = (long) ((now - t0) / 1e9 * rate);
                        for (; sentStatements < due; sentStatements++) {
                            org.parley.avro.Statement st = load.get(next++ % load.size());
                            producer.send(new ProducerRecord<>(Topics.STATEMENTS.name(), st.getArticleId(), Topics.STATEMENTS.valueSerde().encode(st)));
                        }
                        if (now >= nextProbe) {
                            String probe = PROBE + (probes++);
                            org.parley.avro.Statement st = probe(probe);
                            sentAt.put(probe, System.nanoTime());
                            producer.send(new ProducerRecord<>(Topics.STATEMENTS.name(), st.getArticleId(), Topics.STATEMENTS.valueSerde().encode(st)));
                            producer.flush();
                            nextProbe = now + 500_000_000L;
                        }
                        if (now - lastReport > 10e9) {
                            lastReport = now;
                            progress.accept(String.format("  %,d statements offered, %d of %d probes seen after %.0f s",
                                    sentStatements, latencies.size(), probes, (now - t0) / 1e9));
                        }
                        Thread.sleep(5);
                    }
                }
                double offeredSeconds = (System.nanoTime() - t0) / 1e9;
                // The probes sent last get a few seconds to arrive: 10, or as long as the load was offered if less.
                long drain = System.nanoTime() + Duration.ofSeconds(Math.min(10, seconds)).toNanos();
                while (!sentAt.isEmpty() && System.nanoTime() < drain) {
                    Thread.sleep(50);
                }
                events.body().close();
                List<Double> sorted = new ArrayList<>(latencies);
                java.util.Collections.sort(sorted);
                if (sorted.isEmpty()) {
                    throw new IllegalStateException("no probe reached the event stream");
                }
                return new Latency(probes, sorted.size(), percentile(sorted, 0.50), percentile(sorted, 0.99),
                        sorted.get(sorted.size() - 1), sentStatements, offeredSeconds);
            }
        }
    }

    static final String PROBE = "bench probe ";

    /** A statement that counts for Russia as its newest, with the probe's name in its text. */
    private static org.parley.avro.Statement probe(String name) {
        String text = "Kremlin spokesman Dmitry Peskov said Russia was ready for talks with Ukraine, in " + name + ".";
        String article = "probe-" + name.substring(PROBE.length());
        return org.parley.avro.Statement.newBuilder().setId(article + ":0").setArticleId(article).setIndex(0).setText(text)
                .setStart(0).setEnd(text.length()).setParagraph(0).setKind(org.parley.avro.StatementKind.REPORTED_SPEECH)
                .setPublishedAt(Instant.now()).setSource("bench").setUrl("https://bench.parley.invalid/" + article).build();
    }

    /** The corpus's statements, as ingest writes them: its own feed-to-articles and article-to-statements code. */
    static List<org.parley.avro.Statement> statementsOf(Corpus corpus) throws Exception {
        FeedParser parser = new FeedParser();
        ArticleStatements statements = new ArticleStatements(new StatementSplitter());
        List<org.parley.avro.Statement> out = new ArrayList<>();
        for (Path feed : corpus.feeds()) {
            out.addAll(statementsOf(feed, parser, statements));
        }
        return out;
    }

    private static List<org.parley.avro.Statement> statementsOf(Path feed, FeedParser parser, ArticleStatements statements)
            throws IOException, org.parley.ingest.feed.FeedException {
        List<org.parley.avro.Statement> out = new ArrayList<>();
        for (org.parley.avro.Article a : FeedArticles.of(feed.toString(), parser.parse(Files.readAllBytes(feed)), Instant.EPOCH)) {
            out.addAll(statements.of(a));
        }
        return out;
    }

    private static double percentile(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** Pipelines closed together, the last started first. */
    private static final class AutoCloseableList extends ArrayList<Pipeline> implements AutoCloseable {
        private static final long serialVersionUID = 1L;

        @Override
        public void close() {
            for (int i = size() - 1; i >= 0; i--) {
                get(i).close();
            }
        }
    }

    /** Waits until the enrich group is stable with a member (stream thread) from every instance. */
    private static void awaitEnrichMembers(KafkaClientConfig kafka, int instances) throws Exception {
        int threads = instances * Integer.parseInt(String.valueOf(kafka.properties()
                .getOrDefault("num.stream.threads", 1)));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (Admin admin = Admin.create(kafka.with(Map.of()))) {
            while (System.nanoTime() < deadline) {
                var group = admin.describeConsumerGroups(List.of("parley-enrich")).all().get().get("parley-enrich");
                if (group.groupState() == org.apache.kafka.common.GroupState.STABLE && group.members().size() >= threads) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the enrich group did not reach " + threads + " members within 2 minutes");
    }

    /**
     * Whether the aggregate has caught up: its committed offsets have reached the end of the
     * enriched topic and of every topic it reads after repartitioning (the party-keyed repartition
     * topic, which its counting sub-topology reads), so the last statement has been counted.
     */
    private static boolean caughtUp(KafkaClientConfig kafka) throws Exception {
        try (Admin admin = Admin.create(kafka.with(Map.of()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(AggregateTopology.APPLICATION_ID).partitionsToOffsetAndMetadata().get();
            List<String> inputs = new ArrayList<>(List.of(Topics.ENRICHED.name()));
            committed.keySet().stream().map(TopicPartition::topic)
                    .filter(t -> t.startsWith(AggregateTopology.APPLICATION_ID) && t.endsWith("-repartition")).distinct().forEach(inputs::add);
            if (inputs.size() == 1) {
                return false;   // the counting sub-topology has not committed yet
            }
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(inputs).allTopicNames().get().forEach((topic, d) -> d.partitions()
                    .forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            for (var e : admin.listOffsets(ends).all().get().entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                if (e.getValue().offset() > 0 && (c == null || c.offset() < e.getValue().offset())) {
                    return false;
                }
            }
            return true;
        }
    }

    private static void awaitServing(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/parties")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the aggregate did not start serving within 2 minutes");
    }

    /** The statements with a stance the aggregate has counted, summed over parties. */
    private static long countedByTheAggregate(int port) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/parties"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        long n = 0;
        for (var p : new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get("parties")) {
            n += p.get("statements").asLong();
        }
        return n;
    }

    /** Counts the committed records of the enriched topic as they arrive. */
    private static final class EnrichedCounter implements AutoCloseable {
        private final AtomicLong count = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        EnrichedCounter(KafkaClientConfig kafka) {
            Map<String, Object> config = Map.of(ConsumerConfig.GROUP_ID_CONFIG, "parley-bench-counter-" + System.nanoTime(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
            thread = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.with(config),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(Topics.ENRICHED.name()));
                    while (running) {
                        count.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
                    }
                }
            }, "parley-bench-counter");
            thread.setDaemon(true);
            thread.start();
        }

        long count() {
            return count.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }
}

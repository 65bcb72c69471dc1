package org.parley.ingest.poll;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.parley.avro.Article;
import org.parley.ingest.extract.LocalDocuments;
import org.parley.ingest.feed.FeedArticles;
import org.parley.ingest.feed.FeedException;
import org.parley.ingest.feed.FeedException.Type;
import org.parley.ingest.feed.FeedParser;
import org.parley.ingest.feed.Fetched;
import org.parley.ingest.feed.ParsedFeed;
import org.parley.ingest.feed.SourceFetcher;
import org.parley.ingest.feed.Validators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls feeds on their own schedules ({@link PollPolicy}) with a bounded number of fetches at
 * once and a polite minimum delay between requests to one host, and delivers new articles to an
 * {@link ArticleSink}. Each feed keeps a {@link FeedHealth} record. Feeds can be added, removed
 * and resumed while it runs. Local files and folders are sources too; {@code -} is standard input,
 * read once.
 */
public final class FeedPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedPoller.class);
    private static final List<String> LOCAL_EXTENSIONS = List.of(".xml", ".rss", ".atom", ".rdf", ".txt", ".html", ".htm");

    /** Limits of the poller as a whole. */
    public record Config(int maxConcurrentFetches, Duration perHostDelay) {
        public static Config defaults() {
            return new Config(4, Duration.ofSeconds(2));
        }
    }

    private final PollPolicy policy;
    private final Config config;
    private final SourceFetcher fetcher;
    private final FeedParser parser = new FeedParser();
    private final ArticleSink sink;
    private final SeenArticles seen;
    private final PageReader pages;
    private final Clock clock;
    private final RandomGenerator random;
    private final ExecutorService workers;
    private final Map<String, FeedState> feeds = new LinkedHashMap<>();
    private final Map<String, Instant> hostFree = new HashMap<>();
    private final Object lock = new Object();
    private final MeterRegistry metrics;
    private final Map<String, List<Meter>> meters = new HashMap<>();
    private volatile boolean running = true;
    private Thread scheduler;

    public FeedPoller(PollPolicy policy, Config config, SourceFetcher fetcher, ArticleSink sink, SeenArticles seen,
                      PageReader pages, Clock clock, RandomGenerator random) {
        this(policy, config, fetcher, sink, seen, pages, clock, random, new SimpleMeterRegistry());
    }

    /** @param metrics where each feed's health is published as gauges and counters, tagged with the feed */
    public FeedPoller(PollPolicy policy, Config config, SourceFetcher fetcher, ArticleSink sink, SeenArticles seen,
                      PageReader pages, Clock clock, RandomGenerator random, MeterRegistry metrics) {
        this.metrics = metrics;
        this.policy = policy;
        this.config = config;
        this.fetcher = fetcher;
        this.sink = sink;
        this.seen = seen;
        this.pages = pages;
        this.clock = clock;
        this.random = random;
        this.workers = Executors.newFixedThreadPool(config.maxConcurrentFetches(), r -> {
            Thread t = new Thread(r, "parley-fetch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Adds a feed (or replaces the one with the same URL); it is polled at once. */
    public FeedHealth add(FeedSpec spec) {
        synchronized (lock) {
            FeedState s = new FeedState(spec, spec.interval() == null ? policy.initial() : spec.interval(), clock.instant());
            FeedState old = feeds.put(spec.id(), s);
            if (old != null) {
                unregister(spec.id());
            }
            register(s);
            lock.notifyAll();
            return s.health();
        }
    }

    /** Removes a feed; true when it was there. */
    public boolean remove(String id) {
        synchronized (lock) {
            unregister(id);
            return feeds.remove(id) != null;
        }
    }

    private void register(FeedState s) {
        Tags tags = Tags.of("feed", s.spec.url());
        meters.put(s.spec.id(), List.of(
                Gauge.builder("parley.feed.consecutive.failures", s, f -> f.consecutiveFailures).tags(tags)
                        .description("Failed polls in a row").register(metrics),
                Gauge.builder("parley.feed.parked", s, f -> f.parked ? 1 : 0).tags(tags)
                        .description("1 when the feed is parked after failing too often").register(metrics),
                Gauge.builder("parley.feed.last.success", s, f -> f.lastSuccess == null ? 0 : f.lastSuccess.getEpochSecond())
                        .tags(tags).baseUnit("seconds").description("Time of the last successful poll (epoch seconds)").register(metrics),
                Gauge.builder("parley.feed.interval", s, f -> f.interval.toSeconds()).tags(tags).baseUnit("seconds")
                        .description("Current interval between polls").register(metrics),
                FunctionCounter.builder("parley.feed.articles", s, f -> f.totalArticles).tags(tags)
                        .description("New articles published from the feed").register(metrics)));
    }

    private void unregister(String id) {
        List<Meter> old = meters.remove(id);
        if (old != null) {
            old.forEach(metrics::remove);
        }
    }

    /** Takes a parked feed back into the schedule; true when there is such a feed. */
    public boolean resume(String id) {
        synchronized (lock) {
            FeedState s = feeds.get(id);
            if (s == null) {
                return false;
            }
            s.parked = false;
            s.consecutiveFailures = 0;
            s.failureScore = 0;
            s.nextPoll = clock.instant();
            s.status = "NEW";
            lock.notifyAll();
            return true;
        }
    }

    public List<FeedHealth> health() {
        synchronized (lock) {
            return feeds.values().stream().map(FeedState::health).toList();
        }
    }

    public Optional<FeedHealth> health(String id) {
        synchronized (lock) {
            return Optional.ofNullable(feeds.get(id)).map(FeedState::health);
        }
    }

    /** Starts the scheduling thread. */
    public void start() {
        scheduler = new Thread(this::schedule, "parley-poller");
        scheduler.setDaemon(true);
        scheduler.start();
    }

    private void schedule() {
        while (running) {
            Instant wake = dispatchDue();
            synchronized (lock) {
                long wait = Math.max(50, Math.min(1000, Duration.between(clock.instant(), wake).toMillis()));
                try {
                    lock.wait(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Starts a poll of every due feed whose host may be asked now; returns when to look again. */
    Instant dispatchDue() {
        Instant now = clock.instant();
        Instant wake = now.plusSeconds(1);
        synchronized (lock) {
            for (FeedState s : feeds.values()) {
                if (s.parked || s.inFlight || s.done) {
                    continue;
                }
                if (s.nextPoll.isAfter(now)) {
                    wake = min(wake, s.nextPoll);
                    continue;
                }
                String host = host(s.fetchUrl);
                Instant free = host == null ? now : hostFree.getOrDefault(host, now);
                if (free.isAfter(now)) {
                    wake = min(wake, free);
                    continue;
                }
                if (host != null) {
                    hostFree.put(host, now.plus(config.perHostDelay()));
                }
                s.inFlight = true;
                workers.submit(() -> poll(s));
            }
        }
        return wake;
    }

    /** Polls every feed once, now, on the calling thread (for tests and one-shot runs). */
    public void pollAllNow() {
        List<FeedState> all;
        synchronized (lock) {
            all = new ArrayList<>(feeds.values());
        }
        for (FeedState s : all) {
            if (!s.parked && !s.done) {
                poll(s);
            }
        }
    }

    private void poll(FeedState s) {
        Instant now = clock.instant();
        byte[] payload = null;
        try {
            if (s.spec.url().equals("-")) {
                int fresh = deliver(s, LocalDocuments.stdin(System.in.readAllBytes(), now), now);
                succeeded(s, now, fresh, fresh, List.of(), null);
                s.done = true;
                return;
            }
            Path local = SourceFetcher.isUrl(s.fetchUrl) || s.fetchUrl.startsWith(SourceFetcher.CLASSPATH) ? null : Path.of(s.fetchUrl);
            if (local != null && Files.isDirectory(local)) {
                pollFolder(s, local, now);
                return;
            }
            Fetched f = fetcher.fetch(s.fetchUrl, s.validators);
            if (f.notModified()) {
                succeeded(s, now, 0, 0, List.of(), f);
                s.status = "NOT_MODIFIED";
                return;
            }
            payload = f.body();
            if (f.movedTo() != null) {
                LOG.info("feed {} moved permanently to {}", s.spec.url(), f.movedTo());
                s.fetchUrl = f.movedTo().toString();
            }
            List<Article> articles;
            List<String> repairs = List.of();
            if (local != null && LocalDocuments.isText(local)) {
                articles = List.of(LocalDocuments.textFile(s.spec.url(), f.body(), now));
            } else if (local != null && LocalDocuments.isHtml(local)) {
                articles = List.of(LocalDocuments.htmlFile(s.spec.url(), f.body(), now));
            } else {
                ParsedFeed feed = parser.parse(f.body(), f.contentType());
                repairs = feed.repairs();
                articles = FeedArticles.of(s.spec.url(), feed, now);
            }
            int fresh = deliver(s, articles, now);
            succeeded(s, now, fresh, articles.size(), repairs, f);
        } catch (FeedException e) {
            failed(s, now, e, payload);
        } catch (ArticleSink.PublishException e) {
            failed(s, now, new FeedException(Type.PublishFailed, "read " + s.spec.url() + " but " + e.getMessage(), e), null);
        } catch (IOException | RuntimeException e) {
            failed(s, now, new FeedException(Type.FetchFailed, "cannot read " + s.spec.url() + ": " + e, e), payload);
        } finally {
            synchronized (lock) {
                s.inFlight = false;
                lock.notifyAll();
            }
        }
    }

    private void pollFolder(FeedState s, Path dir, Instant now) throws IOException {
        List<Article> articles = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir, 3)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> LOCAL_EXTENSIONS.stream().anyMatch(ext -> p.toString().toLowerCase(Locale.ROOT).endsWith(ext)))
                    .sorted().toList();
        }
        int failures = 0;
        for (Path file : files) {
            try {
                byte[] bytes = fetcher.fetch(file.toString()).body();
                if (LocalDocuments.isText(file)) {
                    articles.add(LocalDocuments.textFile(file.toString(), bytes, now));
                } else if (LocalDocuments.isHtml(file)) {
                    articles.add(LocalDocuments.htmlFile(file.toString(), bytes, now));
                } else {
                    articles.addAll(FeedArticles.of(file.toString(), parser.parse(bytes), now));
                }
            } catch (FeedException e) {
                failures++;
                sink.deadLetter(file.toString(), null, e.type().name(), e.getMessage());
            }
        }
        int fresh = deliver(s, articles, now);
        succeeded(s, now, fresh, articles.size(), failures == 0 ? List.of() : List.of(failures + " files refused"), null);
    }

    /**
     * Publishes the articles not seen before, oldest first, in one batch; returns how many. They
     * are marked seen first (so that another feed carrying them does not publish them too) and
     * forgotten again if the batch cannot be published, so the next poll tries them again.
     */
    private int deliver(FeedState s, List<Article> articles, Instant now) {
        List<Article> fresh = new ArrayList<>();
        for (Article a : articles.stream().sorted(Comparator.comparing(Article::getPublishedAt)).toList()) {
            if (!running || !seen.markSeen(a.getId())) {
                continue;
            }
            // Linked pages are read for web feeds only: a local file's links are not the operator's to crawl.
            fresh.add(SourceFetcher.isUrl(s.fetchUrl) ? withLinkedPage(a) : a);
        }
        if (!fresh.isEmpty()) {
            try {
                sink.articles(fresh);
            } catch (RuntimeException e) {
                fresh.forEach(a -> seen.forget(a.getId()));
                throw e instanceof ArticleSink.PublishException p ? p
                        : new ArticleSink.PublishException("cannot publish: " + e, e);
            }
        }
        synchronized (lock) {
            s.totalArticles += fresh.size();
        }
        return fresh.size();
    }

    /** Where an item carries only a summary, the linked page's text replaces it when one is found. */
    private Article withLinkedPage(Article a) {
        if (pages == null || a.getUrl() == null || !SourceFetcher.isUrl(a.getUrl())
                || !"summary".equals(a.getExtractor())) {
            return a;
        }
        Optional<PageReader.PageText> page = pages.read(a.getUrl());
        if (page.isEmpty() || page.get().text().length() <= a.getText().length()) {
            return a;
        }
        Article.Builder b = Article.newBuilder(a).setText(page.get().text()).setExtractor(page.get().extractor());
        if (a.getLanguage() == null && page.get().language() != null) {
            b.setLanguage(page.get().language());
        }
        return b.build();
    }

    private void succeeded(FeedState s, Instant now, int fresh, int total, List<String> repairs, Fetched f) {
        synchronized (lock) {
            s.lastPoll = now;
            s.lastSuccess = now;
            s.consecutiveFailures = 0;
            s.failureScore = 0;
            s.status = "OK";
            s.lastItems = total;
            s.lastNew = fresh;
            s.repairs = List.copyOf(repairs);
            if (f != null && (f.etag() != null || f.lastModified() != null)) {
                s.validators = new Validators(f.etag(), f.lastModified());
            }
            s.interval = policy.afterSuccess(s.interval, fresh, total);
            s.nextPoll = now.plus(s.interval);
        }
        if (fresh > 0 || !repairs.isEmpty()) {
            LOG.info("feed {}: {} items, {} new{}", s.spec.url(), total, fresh, repairs.isEmpty() ? "" : ", repaired: " + repairs);
        }
    }

    private void failed(FeedState s, Instant now, FeedException e, byte[] payload) {
        boolean parkedNow = false;
        metrics.counter("parley.feed.errors", "feed", s.spec.url(), "type", e.type().name()).increment();
        synchronized (lock) {
            s.lastPoll = now;
            s.lastErrorType = e.type().name();
            s.lastError = e.getMessage();
            s.lastErrorAt = now;
            if (e.type() == Type.RateLimited) {
                s.status = "RATE_LIMITED";
                s.nextPoll = now.plus(policy.retryAfter(e.retryAfter(), s.interval));
            } else {
                s.consecutiveFailures++;
                s.failureScore += e.type().weight();
                if (policy.parks(s.failureScore)) {
                    s.parked = true;
                    s.status = "PARKED";
                    parkedNow = true;
                } else {
                    s.status = "FAILING";
                    s.nextPoll = now.plus(policy.backoff(s.consecutiveFailures, random));
                }
            }
        }
        if (parkedNow) {
            LOG.warn("feed {} parked after {} failures in a row; last: {}: {}", s.spec.url(), s.consecutiveFailures,
                    e.type(), e.getMessage());
        } else {
            LOG.warn("feed {}: {}: {}", s.spec.url(), e.type(), e.getMessage());
        }
        if (isBadInput(e.type())) {
            sink.deadLetter(s.spec.url(), payload, e.type().name(), e.getMessage());
        }
    }

    /** Content the source sent that cannot be read, as opposed to a transport problem. */
    private static boolean isBadInput(Type type) {
        return type == Type.MalformedFeed || type == Type.BadEncoding || type == Type.NotAFeed || type == Type.TooLarge;
    }

    private static String host(String url) {
        if (!SourceFetcher.isUrl(url)) {
            return null;
        }
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    @Override
    public void close() {
        running = false;
        synchronized (lock) {
            lock.notifyAll();
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Mutable per-feed state, guarded by the poller's lock. */
    private static final class FeedState {
        final FeedSpec spec;
        String fetchUrl;
        Duration interval;
        Instant nextPoll;
        Validators validators = Validators.NONE;
        boolean inFlight;
        boolean parked;
        boolean done;
        String status = "NEW";
        Instant lastPoll;
        Instant lastSuccess;
        String lastErrorType;
        String lastError;
        Instant lastErrorAt;
        int consecutiveFailures;
        int failureScore;
        int lastItems;
        int lastNew;
        long totalArticles;
        List<String> repairs = List.of();

        FeedState(FeedSpec spec, Duration interval, Instant now) {
            this.spec = spec;
            this.fetchUrl = spec.url();
            this.interval = interval;
            this.nextPoll = now;
        }

        FeedHealth health() {
            return new FeedHealth(spec.id(), spec.url(), spec.name(), done ? "DONE" : status, lastPoll, lastSuccess,
                    lastErrorType, lastError, lastErrorAt, consecutiveFailures, failureScore, parked || done ? null : nextPoll,
                    interval, lastItems, lastNew, totalArticles, repairs);
        }
    }
}

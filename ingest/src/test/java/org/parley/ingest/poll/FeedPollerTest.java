package org.parley.ingest.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.avro.Article;
import org.parley.ingest.feed.SourceFetcher;

/** The poller against a real HTTP server on 127.0.0.1, on a clock the test moves. */
class FeedPollerTest {

    private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

    static final class MutableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(T0);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    static final class ListSink implements ArticleSink {
        final List<Article> articles = new CopyOnWriteArrayList<>();
        final List<String> deadLetters = new CopyOnWriteArrayList<>();
        /** How many of the next batches the "cluster" refuses. */
        final AtomicInteger refuse = new AtomicInteger();

        @Override
        public void articles(List<Article> batch) {
            if (refuse.getAndDecrement() > 0) {
                throw new PublishException("Kafka did not take " + batch.size() + " article(s): TimeoutException", null);
            }
            batch.forEach(this::article);
        }

        @Override
        public void article(Article article) {
            articles.add(article);
        }

        @Override
        public void deadLetter(String source, byte[] payload, String errorType, String message) {
            deadLetters.add(errorType + " " + source);
        }
    }

    private HttpServer server;
    private String base;
    private final AtomicInteger conditionalHits = new AtomicInteger();
    private final AtomicInteger brokenHits = new AtomicInteger();
    private final MutableClock clock = new MutableClock();
    private final ListSink sink = new ListSink();
    private final PollPolicy policy = new PollPolicy(Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofHours(6),
            Duration.ofSeconds(30), Duration.ofHours(2), 12, Duration.ofHours(6));
    private FeedPoller poller;

    private static String rss(String... guids) {
        StringBuilder items = new StringBuilder();
        for (String g : guids) {
            items.append("<item><title>Item ").append(g).append("</title><guid>").append(g)
                    .append("</guid><link>https://news.example/").append(g).append("</link>")
                    .append("<pubDate>Tue, 01 Oct 2024 10:00:00 GMT</pubDate>")
                    .append("<content:encoded><![CDATA[<p>Lavrov said Russia is ready for talks, item ").append(g)
                    .append(".</p>]]></content:encoded></item>");
        }
        return "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>News</title>"
                + items + "</channel></rss>";
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/a.xml", ex -> {
            if ("\"a1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                conditionalHits.incrementAndGet();
                ex.sendResponseHeaders(304, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().set("ETag", "\"a1\"");
            send(ex, 200, rss("1", "2", "3"));
        });
        server.createContext("/b.xml", ex -> send(ex, 200, rss("2", "3", "4")));
        server.createContext("/busy.xml", ex -> {
            ex.getResponseHeaders().set("Retry-After", "120");
            send(ex, 429, "");
        });
        server.createContext("/broken.xml", ex -> {
            brokenHits.incrementAndGet();
            send(ex, 500, "");
        });
        server.createContext("/gone.xml", ex -> send(ex, 404, ""));
        server.createContext("/page.html", ex -> send(ex, 200, "<html><body><p>Not a feed at all, just a page.</p></body></html>"));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        poller = new FeedPoller(policy, new FeedPoller.Config(2, Duration.ofSeconds(2)),
                new SourceFetcher(new SourceFetcher.Limits(Duration.ofSeconds(2), Duration.ofSeconds(5), 1 << 20, 3), clock),
                sink, new SeenArticles(), null, clock, new Random(7));
    }

    @AfterEach
    void stop() {
        poller.close();
        server.stop(0);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private FeedHealth health(String path) {
        return poller.health(FeedSpec.of(base + path).id()).orElseThrow();
    }

    @Test
    void articlesSeenInOneFeedAreNotDeliveredAgainFromAnother() {
        poller.add(FeedSpec.of(base + "/a.xml"));
        poller.add(FeedSpec.of(base + "/b.xml"));
        poller.pollAllNow();
        assertThat(sink.articles).extracting(Article::getTitle).containsExactlyInAnyOrder("Item 1", "Item 2", "Item 3", "Item 4");
        assertThat(health("/b.xml").lastNewArticles()).isEqualTo(1);
        assertThat(sink.articles).allSatisfy(a -> assertThat(a.getExtractor()).isEqualTo("feed"));
    }

    @Test
    void articlesKafkaDidNotTakeArePublishedAtTheNextPollAndTheFeedIsNotBlamed() {
        poller.add(FeedSpec.of(base + "/a.xml"));
        sink.refuse.set(1);
        poller.pollAllNow();
        FeedHealth failed = health("/a.xml");
        assertThat(sink.articles).isEmpty();
        assertThat(failed.lastErrorType()).isEqualTo("PublishFailed");
        assertThat(failed.lastError()).contains("did not take 3 article(s)");
        assertThat(failed.failureScore()).as("not the feed's fault").isZero();
        assertThat(sink.deadLetters).isEmpty();
        poller.pollAllNow();
        assertThat(conditionalHits.get()).as("the ETag of the refused poll was not kept").isZero();
        assertThat(sink.articles).extracting(Article::getTitle).containsExactly("Item 1", "Item 2", "Item 3");
        assertThat(health("/a.xml").lastNewArticles()).isEqualTo(3);
    }

    @Test
    void unchangedFeedCostsA304AndLengthensTheInterval() {
        poller.add(FeedSpec.of(base + "/a.xml"));
        poller.pollAllNow();
        assertThat(health("/a.xml").interval()).isEqualTo(Duration.ofMinutes(5)); // all three items were new
        poller.pollAllNow();
        FeedHealth h = health("/a.xml");
        assertThat(conditionalHits.get()).isEqualTo(1);
        assertThat(h.status()).isEqualTo("NOT_MODIFIED");
        assertThat(h.interval()).isEqualTo(Duration.ofSeconds(450));
        assertThat(h.nextPoll()).isEqualTo(T0.plusSeconds(450));
        assertThat(sink.articles).hasSize(3);
    }

    @Test
    void retryAfterIsRespectedAndIsNoFailure() {
        poller.add(FeedSpec.of(base + "/busy.xml"));
        poller.pollAllNow();
        FeedHealth h = health("/busy.xml");
        assertThat(h.status()).isEqualTo("RATE_LIMITED");
        assertThat(h.nextPoll()).isEqualTo(T0.plusSeconds(120));
        assertThat(h.consecutiveFailures()).isZero();
        assertThat(sink.deadLetters).isEmpty();
    }

    @Test
    void serverErrorsBackOffAndAFeedThatKeepsFailingIsParked() {
        poller.add(FeedSpec.of(base + "/gone.xml"));
        for (int i = 1; i <= 3; i++) {
            poller.pollAllNow();
            FeedHealth h = health("/gone.xml");
            assertThat(h.status()).isEqualTo("FAILING");
            assertThat(h.failureScore()).isEqualTo(3 * i);
            assertThat(Duration.between(T0, h.nextPoll()).toMillis()).isBetween(15_000L << (i - 1), 45_000L << (i - 1));
        }
        poller.pollAllNow();
        FeedHealth parked = health("/gone.xml");
        assertThat(parked.status()).isEqualTo("PARKED");
        assertThat(parked.nextPoll()).isNull();
        assertThat(parked.lastErrorType()).isEqualTo("HttpClientError");

        poller.add(FeedSpec.of(base + "/broken.xml"));
        poller.pollAllNow();
        assertThat(health("/broken.xml").failureScore()).as("a 5xx weighs less than a 404").isEqualTo(1);
        assertThat(poller.resume(parked.id())).isTrue();
        assertThat(health("/gone.xml").status()).isEqualTo("NEW");
    }

    @Test
    void badContentIsADeadLetterAndTheOtherFeedsGoOn() {
        poller.add(FeedSpec.of(base + "/page.html"));
        poller.add(FeedSpec.of(base + "/a.xml"));
        poller.pollAllNow();
        assertThat(sink.deadLetters).containsExactly("NotAFeed " + base + "/page.html");
        assertThat(health("/page.html").lastErrorType()).isEqualTo("NotAFeed");
        assertThat(sink.articles).hasSize(3);
    }

    @Test
    void oneHostIsAskedAtMostOncePerDelay() throws Exception {
        poller.add(FeedSpec.of(base + "/a.xml"));
        poller.add(FeedSpec.of(base + "/b.xml"));
        poller.dispatchDue();
        awaitPolled("/a.xml");
        poller.dispatchDue(); // still within the host's delay: b must wait
        Thread.sleep(200);
        assertThat(health("/a.xml").lastPoll()).isEqualTo(T0);
        assertThat(health("/b.xml").lastPoll()).as("same host, within the delay").isNull();
        clock.advance(Duration.ofSeconds(2));
        poller.dispatchDue();
        awaitPolled("/b.xml");
        assertThat(health("/b.xml").lastPoll()).isEqualTo(T0.plusSeconds(2));
    }

    /** Waits (at most 10 s) until the feed's poll has finished. */
    private void awaitPolled(String path) throws InterruptedException {
        for (int i = 0; i < 200 && health(path).lastPoll() == null; i++) {
            Thread.sleep(50);
        }
    }
}

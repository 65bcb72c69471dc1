package org.parley.ingest.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.ingest.feed.FeedException.Type;

/** Against a real HTTP server on 127.0.0.1 that misbehaves the ways real servers do. */
class SourceFetcherTest {

    private static final byte[] FEED = "<rss version=\"2.0\"><channel><title>T</title></channel></rss>".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private String base;
    private final AtomicReference<String> userAgent = new AtomicReference<>();
    private final AtomicInteger fullResponses = new AtomicInteger();
    private final SourceFetcher fetcher = new SourceFetcher(
            new SourceFetcher.Limits(Duration.ofSeconds(2), Duration.ofSeconds(1), 10_000, 3), Clock.systemUTC());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/feed.xml", ex -> {
            userAgent.set(ex.getRequestHeaders().getFirst("User-Agent"));
            if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))
                    || "Tue, 01 Oct 2024 10:00:00 GMT".equals(ex.getRequestHeaders().getFirst("If-Modified-Since"))) {
                ex.sendResponseHeaders(304, -1);
                ex.close();
                return;
            }
            fullResponses.incrementAndGet();
            ex.getResponseHeaders().set("ETag", "\"v1\"");
            ex.getResponseHeaders().set("Last-Modified", "Tue, 01 Oct 2024 10:00:00 GMT");
            ex.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(FEED);
            }
            send(ex, 200, gz.toByteArray());
        });
        server.createContext("/moved", ex -> redirect(ex, 301, "/feed.xml"));
        server.createContext("/temporary", ex -> redirect(ex, 302, "/moved"));
        server.createContext("/loop", ex -> redirect(ex, 302, "/loop"));
        server.createContext("/missing", ex -> send(ex, 404, new byte[0]));
        server.createContext("/broken", ex -> send(ex, 500, new byte[0]));
        server.createContext("/busy", ex -> {
            ex.getResponseHeaders().set("Retry-After", "120");
            send(ex, 429, new byte[0]);
        });
        server.createContext("/maintenance", ex -> {
            ex.getResponseHeaders().set("Retry-After", "Wed, 21 Oct 2099 07:28:00 GMT");
            send(ex, 503, new byte[0]);
        });
        server.createContext("/huge", ex -> send(ex, 200, new byte[50_000]));
        server.createContext("/slow", ex -> {
            ex.sendResponseHeaders(200, 1000);
            OutputStream out = ex.getResponseBody();
            out.write(new byte[10]);
            out.flush();
            sleep(5_000);
            ex.close();
        });
        server.createContext("/truncated", ex -> {
            ex.sendResponseHeaders(200, 1000);
            OutputStream out = ex.getResponseBody();
            out.write(FEED);
            out.flush();
            ex.getHttpContext().getServer();
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private void redirect(HttpExchange ex, int status, String to) throws IOException {
        ex.getResponseHeaders().set("Location", to);
        send(ex, status, new byte[0]);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void fetchesGzippedBodyWithValidatorsAndAnHonestUserAgent() throws Exception {
        Fetched f = fetcher.fetch(base + "/feed.xml");
        assertThat(f.body()).isEqualTo(FEED);
        assertThat(f.contentType()).startsWith("application/rss+xml");
        assertThat(f.etag()).isEqualTo("\"v1\"");
        assertThat(f.lastModified()).isEqualTo("Tue, 01 Oct 2024 10:00:00 GMT");
        assertThat(userAgent.get()).startsWith("Parley/");
    }

    @Test
    void conditionalGetCostsA304AndNoBody() throws Exception {
        Fetched first = fetcher.fetch(base + "/feed.xml");
        Fetched byEtag = fetcher.fetch(base + "/feed.xml", new Validators(first.etag(), null));
        Fetched byDate = fetcher.fetch(base + "/feed.xml", new Validators(null, first.lastModified()));
        assertThat(byEtag.notModified()).isTrue();
        assertThat(byEtag.body()).isNull();
        assertThat(byDate.notModified()).isTrue();
        assertThat(fullResponses.get()).isEqualTo(1);
    }

    @Test
    void followsRedirectsAndReportsPermanentMoves() throws Exception {
        Fetched moved = fetcher.fetch(base + "/moved");
        assertThat(moved.body()).isEqualTo(FEED);
        assertThat(moved.movedTo()).hasToString(base + "/feed.xml");
        Fetched viaTemporary = fetcher.fetch(base + "/temporary");
        assertThat(viaTemporary.body()).isEqualTo(FEED);
        assertThat(viaTemporary.movedTo()).as("a temporary hop on the way is no permanent move").isNull();
    }

    @Test
    void redirectLoopStopsAtTheCap() {
        assertThatThrownBy(() -> fetcher.fetch(base + "/loop"))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.type()).isEqualTo(Type.TooManyRedirects));
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() {
        assertThatThrownBy(() -> fetcher.fetch(base + "/busy"))
                .isInstanceOfSatisfying(FeedException.class, e -> {
                    assertThat(e.type()).isEqualTo(Type.RateLimited);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
                });
        assertThatThrownBy(() -> fetcher.fetch(base + "/maintenance"))
                .isInstanceOfSatisfying(FeedException.class, e -> {
                    assertThat(e.type()).isEqualTo(Type.RateLimited);
                    assertThat(e.retryAfter()).isGreaterThan(Duration.ofDays(365));
                });
    }

    @Test
    void httpErrorsAreTypedByKind() {
        assertThatThrownBy(() -> fetcher.fetch(base + "/missing"))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.type()).isEqualTo(Type.HttpClientError))
                .hasMessageContaining("404");
        assertThatThrownBy(() -> fetcher.fetch(base + "/broken"))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.type()).isEqualTo(Type.HttpServerError));
    }

    @Test
    void bodyOverTheCapIsTooLarge() {
        assertThatThrownBy(() -> fetcher.fetch(base + "/huge"))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.type()).isEqualTo(Type.TooLarge));
    }

    @Test
    void slowBodyTimesOutInsteadOfHanging() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> fetcher.fetch(base + "/slow"))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.type()).isEqualTo(Type.Timeout));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void truncatedBodyIsAFetchFailure() {
        assertThatThrownBy(() -> fetcher.fetch(base + "/truncated"))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.type()).isIn(Type.FetchFailed, Type.Timeout));
    }

    @Test
    void refusedConnectionIsFetchFailed() throws IOException {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> fetcher.fetch("http://127.0.0.1:" + port + "/feed"))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.type()).isEqualTo(Type.FetchFailed));
    }

    @Test
    void readsFilesAndClasspathResources(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("a.xml"), "<rss/>");
        assertThat(fetcher.fetch(f.toString()).body()).isEqualTo("<rss/>".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> fetcher.fetch(dir.resolve("none.xml").toString()))
                .isInstanceOf(FeedException.class).hasMessageContaining("no such file");
        assertThat(fetcher.fetch("classpath:parley/ingest/abbreviations.txt").body()).isNotEmpty();
    }
}

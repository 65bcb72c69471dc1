package org.parley.ingest.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real HTTP server on 127.0.0.1. */
class SourceFetcherTest {

    private HttpServer server;
    private String base;
    private final AtomicReference<String> userAgent = new AtomicReference<>();
    private final SourceFetcher fetcher = new SourceFetcher(Duration.ofSeconds(2), Duration.ofSeconds(2), 1_000);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/feed.xml", ex -> {
            userAgent.set(ex.getRequestHeaders().getFirst("User-Agent"));
            byte[] body = "<rss version=\"2.0\"><channel><title>T</title></channel></rss>".getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(body);
            }
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, gz.size());
            try (OutputStream out = ex.getResponseBody()) {
                gz.writeTo(out);
            }
        });
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.createContext("/huge", ex -> {
            ex.sendResponseHeaders(200, 5_000);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(new byte[5_000]);
            }
        });
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().set("Location", base + "/feed.xml");
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fetchesGzippedBodyWithAnHonestUserAgentAndFollowsRedirects() throws Exception {
        assertThat(new String(fetcher.fetch(base + "/moved"), StandardCharsets.UTF_8)).contains("<title>T</title>");
        assertThat(userAgent.get()).startsWith("Parley/");
    }

    @Test
    void httpErrorIsFetchFailed() {
        assertThatThrownBy(() -> fetcher.fetch(base + "/missing"))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.type()).isEqualTo(FeedException.Type.FetchFailed))
                .hasMessageContaining("404");
    }

    @Test
    void bodyOverTheCapIsTooLarge() {
        assertThatThrownBy(() -> fetcher.fetch(base + "/huge"))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.type()).isEqualTo(FeedException.Type.TooLarge));
    }

    @Test
    void refusedConnectionIsFetchFailed() throws IOException {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> fetcher.fetch("http://127.0.0.1:" + port + "/feed"))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.type()).isEqualTo(FeedException.Type.FetchFailed));
    }

    @Test
    void readsFilesAndClasspathResources(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("a.xml"), "<rss/>");
        assertThat(fetcher.fetch(f.toString())).isEqualTo("<rss/>".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> fetcher.fetch(dir.resolve("none.xml").toString()))
                .isInstanceOf(FeedException.class).hasMessageContaining("no such file");
        assertThat(fetcher.fetch("classpath:parley/ingest/abbreviations.txt")).isNotEmpty();
    }
}

package org.parley.ingest.feed;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.parley.ingest.feed.FeedException.Type;

/**
 * Reads a source's bytes: an {@code http(s)} URL with timeouts, gzip, an honest User-Agent and a
 * body size cap, or a local file.
 */
public final class SourceFetcher {

    public static final String USER_AGENT = "Parley/0.1 (news stance monitor; +https://github.com/parley-news/parley)";

    /** Prefix of sources read from the classpath, such as the bundled sample feed. */
    public static final String CLASSPATH = "classpath:";

    private final HttpClient http;
    private final Duration readTimeout;
    private final long maxBytes;

    public SourceFetcher(Duration connectTimeout, Duration readTimeout, long maxBytes) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
    }

    public static SourceFetcher defaults() {
        return new SourceFetcher(Duration.ofSeconds(10), Duration.ofSeconds(30), 20L << 20);
    }

    public static boolean isUrl(String source) {
        String s = source.toLowerCase(java.util.Locale.ROOT);
        return s.startsWith("http://") || s.startsWith("https://");
    }

    /** Reads an {@code http(s)} URL, a {@code classpath:} resource (the bundled sample) or a file path. */
    public byte[] fetch(String source) throws FeedException {
        if (isUrl(source)) {
            return fetchUrl(source);
        }
        if (source.startsWith(CLASSPATH)) {
            return readResource(source.substring(CLASSPATH.length()));
        }
        return readFile(Path.of(source));
    }

    private static byte[] readResource(String name) throws FeedException {
        try (InputStream in = SourceFetcher.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new FeedException(Type.FetchFailed, "no such resource in the jar: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new FeedException(Type.FetchFailed, "cannot read resource " + name + ": " + e.getMessage(), e);
        }
    }

    private byte[] readFile(Path path) throws FeedException {
        try {
            if (Files.isDirectory(path)) {
                throw new FeedException(Type.FetchFailed, "is a directory: " + path);
            }
            if (Files.size(path) > maxBytes) {
                throw new FeedException(Type.TooLarge, path + " is larger than " + maxBytes + " bytes");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new FeedException(Type.FetchFailed, "no such file: " + path, e);
        } catch (IOException e) {
            throw new FeedException(Type.FetchFailed, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private byte[] fetchUrl(String url) throws FeedException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(readTimeout)
                    .header("User-Agent", USER_AGENT)
                    .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5")
                    .header("Accept-Encoding", "gzip")
                    .GET().build();
        } catch (IllegalArgumentException e) {
            throw new FeedException(Type.FetchFailed, "invalid URL " + url + ": " + e.getMessage(), e);
        }
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream raw = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    throw new FeedException(Type.FetchFailed, "HTTP " + response.statusCode() + " from " + url);
                }
                boolean gzip = response.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip")).orElse(false);
                try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
                    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                    if (body.length > maxBytes) {
                        throw new FeedException(Type.TooLarge, url + " sent more than " + maxBytes + " bytes");
                    }
                    return body;
                }
            }
        } catch (IOException e) {
            throw new FeedException(Type.FetchFailed, "cannot fetch " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedException(Type.FetchFailed, "interrupted while fetching " + url, e);
        }
    }
}

package org.parley.ingest.feed;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.parley.ingest.feed.FeedException.Type;

/**
 * Reads a source's bytes like a good citizen of the web: conditional GET (ETag,
 * If-Modified-Since; a 304 costs no body), gzip, an honest User-Agent, connect and total
 * timeouts (a slow body cannot hang a poll), a cap on body size and on redirects, and 429/503
 * with Retry-After reported as {@link Type#RateLimited}. Also reads local files and
 * {@code classpath:} resources (the bundled sample).
 */
public final class SourceFetcher {

    public static final String USER_AGENT = "Parley/0.1 (news stance monitor; +https://github.com/parley-news/parley)";

    /** Prefix of sources read from the classpath, such as the bundled sample feed. */
    public static final String CLASSPATH = "classpath:";

    /** Limits of one fetch. */
    public record Limits(Duration connectTimeout, Duration totalTimeout, long maxBytes, int maxRedirects) {

        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(30), 20L << 20, 5);
        }
    }

    private final HttpClient http;
    private final Limits limits;
    private final Clock clock;

    public SourceFetcher(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(limits.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // followed here, to count them and see permanent moves
                .build();
    }

    public static SourceFetcher defaults() {
        return new SourceFetcher(Limits.defaults(), Clock.systemUTC());
    }

    public static boolean isUrl(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        return s.startsWith("http://") || s.startsWith("https://");
    }

    /** Reads a source unconditionally. */
    public Fetched fetch(String source) throws FeedException {
        return fetch(source, Validators.NONE);
    }

    /** Reads an {@code http(s)} URL (conditionally), a {@code classpath:} resource or a file path. */
    public Fetched fetch(String source, Validators validators) throws FeedException {
        if (isUrl(source)) {
            return fetchUrl(source, validators);
        }
        if (source.startsWith(CLASSPATH)) {
            return new Fetched(readResource(source.substring(CLASSPATH.length())), null, null, null, null, null, false);
        }
        return new Fetched(readFile(Path.of(source)), null, null, null, null, null, false);
    }

    private byte[] readResource(String name) throws FeedException {
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
            if (Files.size(path) > limits.maxBytes()) {
                throw new FeedException(Type.TooLarge, path + " is larger than " + limits.maxBytes() + " bytes");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new FeedException(Type.FetchFailed, "no such file: " + path, e);
        } catch (IOException e) {
            throw new FeedException(Type.FetchFailed, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private Fetched fetchUrl(String url, Validators validators) throws FeedException {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new FeedException(Type.FetchFailed, "invalid URL " + url + ": " + e.getMessage(), e);
        }
        long deadline = clock.millis() + limits.totalTimeout().toMillis();
        URI movedTo = null;
        boolean permanent = true;
        for (int hop = 0; hop <= limits.maxRedirects(); hop++) {
            Response r = exchange(uri, validators, deadline);
            int status = r.status;
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = r.headers.firstValue("Location").orElse(null);
                if (location == null) {
                    throw new FeedException(Type.FetchFailed, "HTTP " + status + " without Location from " + uri);
                }
                URI next = uri.resolve(location.strip());
                if (!isUrl(next.toString())) {
                    throw new FeedException(Type.FetchFailed, "redirect to a non-HTTP address refused: " + next);
                }
                permanent &= status == 301 || status == 308;
                uri = next;
                movedTo = permanent ? next : null;
                continue;
            }
            if (status == 304) {
                return Fetched.notModified(validators.etag(), validators.lastModified(), uri);
            }
            if (status == 429 || (status == 503 && r.headers.firstValue("Retry-After").isPresent())) {
                Duration wait = retryAfter(r.headers.firstValue("Retry-After").orElse(null));
                throw new FeedException(Type.RateLimited, "HTTP " + status + " from " + uri
                        + (wait == null ? "" : ", retry after " + wait.toSeconds() + " s"), null, wait);
            }
            if (status >= 500) {
                throw new FeedException(Type.HttpServerError, "HTTP " + status + " from " + uri);
            }
            if (status >= 400) {
                throw new FeedException(Type.HttpClientError, "HTTP " + status + " from " + uri);
            }
            if (status / 100 != 2) {
                throw new FeedException(Type.FetchFailed, "unexpected HTTP " + status + " from " + uri);
            }
            byte[] body = decompress(r, uri);
            return new Fetched(body, r.headers.firstValue("Content-Type").orElse(null),
                    r.headers.firstValue("ETag").orElse(null), r.headers.firstValue("Last-Modified").orElse(null),
                    uri, movedTo, false);
        }
        throw new FeedException(Type.TooManyRedirects, "more than " + limits.maxRedirects() + " redirects from " + url);
    }

    private record Response(int status, HttpHeaders headers, byte[] body) {
    }

    private Response exchange(URI uri, Validators validators, long deadline) throws FeedException {
        long remaining = deadline - clock.millis();
        if (remaining <= 0) {
            throw new FeedException(Type.Timeout, "no answer from " + uri + " within " + limits.totalTimeout().toSeconds() + " s");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMillis(remaining))
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, text/html;q=0.7, */*;q=0.5")
                .header("Accept-Encoding", "gzip")
                .GET();
        if (validators.etag() != null) {
            b.header("If-None-Match", validators.etag());
        }
        if (validators.lastModified() != null) {
            b.header("If-Modified-Since", validators.lastModified());
        }
        LimitedBody[] body = new LimitedBody[1];
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(b.build(), info -> {
            body[0] = new LimitedBody(info.statusCode() / 100 == 2 ? limits.maxBytes() : 64 * 1024);
            return body[0];
        });
        try {
            HttpResponse<byte[]> response = call.get(Math.max(1, deadline - clock.millis()), TimeUnit.MILLISECONDS);
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (TimeoutException e) {
            if (body[0] != null) {
                body[0].cancel();
            }
            call.cancel(true);
            throw new FeedException(Type.Timeout, "no complete answer from " + uri + " within "
                    + limits.totalTimeout().toSeconds() + " s", e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new FeedException(Type.FetchFailed, "interrupted while fetching " + uri, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof FeedException fe) {
                throw new FeedException(fe.type(), fe.getMessage() + " (" + uri + ")", fe);
            }
            if (cause instanceof HttpConnectTimeoutException) {
                throw new FeedException(Type.Timeout, "cannot connect to " + uri + " within "
                        + limits.connectTimeout().toSeconds() + " s", cause);
            }
            if (cause instanceof HttpTimeoutException) {
                throw new FeedException(Type.Timeout, "no answer from " + uri + ": " + cause.getMessage(), cause);
            }
            if (cause instanceof ConnectException) {
                throw new FeedException(Type.FetchFailed, "connection refused by " + uri, cause);
            }
            String m = String.valueOf(cause.getMessage());
            if (m.contains("content-length") || m.contains("EOF") || m.contains("closed")) {
                throw new FeedException(Type.FetchFailed, "truncated body from " + uri + ": " + m, cause);
            }
            throw new FeedException(Type.FetchFailed, "cannot fetch " + uri + ": " + cause, cause);
        }
    }

    private byte[] decompress(Response r, URI uri) throws FeedException {
        boolean gzip = r.headers.firstValue("Content-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("gzip")).orElse(false);
        if (!gzip) {
            return r.body;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body))) {
            byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
            if (out.length > limits.maxBytes()) {
                throw new FeedException(Type.TooLarge, uri + " unpacks to more than " + limits.maxBytes() + " bytes");
            }
            return out;
        } catch (IOException e) {
            throw new FeedException(Type.FetchFailed, "corrupt gzip body from " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Retry-After as delay-seconds or an HTTP-date; null when absent or unreadable. */
    Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    /** Collects a body up to a cap; cancels the exchange beyond it, or when told to. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final long max;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile Flow.Subscription subscription;

        LimitedBody(long max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            if (bytes.size() > max) {
                subscription.cancel();
                result.completeExceptionally(new FeedException(Type.TooLarge, "body larger than " + max + " bytes"));
                return;
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            result.cancel(true);
        }
    }
}

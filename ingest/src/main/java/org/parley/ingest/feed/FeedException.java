package org.parley.ingest.feed;

import java.time.Duration;

/** A source that could not be read, with a stable error type for health records and dead letters. */
public final class FeedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Stable names of what went wrong; they appear in dead letters, the health API and the CLI. */
    public enum Type {
        /** The bytes are not well-formed XML even after repair, or the XML is unsafe. */
        MalformedFeed(3),
        /** The bytes cannot be decoded in the charset they declare or are served with. */
        BadEncoding(3),
        /** Well-formed XML that is no RSS or Atom feed (an HTML page, OPML...). */
        NotAFeed(3),
        /** The source could not be fetched: no such file, connection refused, HTTP error, truncated body. */
        FetchFailed(2),
        /** The server answered 4xx (not 429): the address is wrong or gone. */
        HttpClientError(3),
        /** The feed was read, but Kafka did not take its new articles: they are published at the next poll. Not the feed's fault. */
        PublishFailed(0),
        /** The server answered 5xx (not 503 with Retry-After). */
        HttpServerError(1),
        /** Connecting or reading took longer than the configured timeout. */
        Timeout(1),
        /** The server asked us to slow down (429, or 503 with Retry-After). */
        RateLimited(0),
        /** More redirects than allowed, or a redirect loop. */
        TooManyRedirects(3),
        /** The body is larger than the configured limit. */
        TooLarge(3);

        private final int weight;

        Type(int weight) {
            this.weight = weight;
        }

        /** How much one such failure counts towards parking a feed: a hard error more than a timeout. */
        public int weight() {
            return weight;
        }
    }

    private final Type type;
    private final Duration retryAfter;

    public FeedException(Type type, String message, Throwable cause) {
        this(type, message, cause, null);
    }

    public FeedException(Type type, String message) {
        this(type, message, null, null);
    }

    public FeedException(Type type, String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.type = type;
        this.retryAfter = retryAfter;
    }

    public Type type() {
        return type;
    }

    /** For {@link Type#RateLimited}: how long the server asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

package org.parley.ingest.feed;

/** A feed that could not be read, with a stable error type for health records and dead letters. */
public final class FeedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Stable names of what went wrong; they appear in dead letters and the CLI output. */
    public enum Type {
        /** The bytes are not well-formed XML, or the XML is unsafe (DOCTYPE, external entities). */
        MalformedFeed,
        /** The bytes cannot be decoded in the charset they declare or are served with. */
        BadEncoding,
        /** Well-formed XML that is no RSS or Atom feed (an HTML page, OPML...). */
        NotAFeed,
        /** The source could not be fetched: no such file, connection refused, HTTP error. */
        FetchFailed,
        /** The body is larger than the configured limit. */
        TooLarge
    }

    private final Type type;

    public FeedException(Type type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    public FeedException(Type type, String message) {
        this(type, message, null);
    }

    public Type type() {
        return type;
    }
}

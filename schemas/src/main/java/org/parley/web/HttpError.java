package org.parley.web;

/**
 * A request that cannot be answered, with the status to answer it with: the server writes it as
 * an {@link ErrorBody}, one line in the log at most, never a stack trace.
 */
public class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Seconds a client should wait before retrying a 503. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private final int status;

    public HttpError(int status, String message) {
        this(status, message, null);
    }

    public HttpError(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    public static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    /** The service cannot answer yet (restoring, rebalancing, another instance unreachable); answered with {@code Retry-After}. */
    public static HttpError unavailable(String message) {
        return new HttpError(503, message);
    }
}

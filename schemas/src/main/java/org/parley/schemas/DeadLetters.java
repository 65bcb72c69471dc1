package org.parley.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.parley.avro.DeadLetter;

/** Builds {@link DeadLetter} records the same way in every stage. */
public final class DeadLetters {

    /** Payloads larger than this are truncated: a dead letter must never be too large to produce. */
    public static final int MAX_PAYLOAD = 1 << 20;

    private DeadLetters() {
    }

    /** A dead letter for input a check refused: no exception behind it. */
    public static DeadLetter of(String stage, String source, String key, byte[] payload,
                                String errorType, String message, Instant at) {
        return build(stage, source, key, payload, errorType, message, null, at);
    }

    /** A dead letter for input whose processing threw: the exception's message and class go with it. */
    public static DeadLetter of(String stage, String source, String key, byte[] payload,
                                String errorType, Throwable error, Instant at) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return build(stage, source, key, payload, errorType, message, error.getClass().getName(), at);
    }

    private static DeadLetter build(String stage, String source, String key, byte[] payload,
                                    String errorType, String message, String exception, Instant at) {
        ByteBuffer bytes = null;
        if (payload != null) {
            bytes = ByteBuffer.wrap(payload.length > MAX_PAYLOAD ? Arrays.copyOf(payload, MAX_PAYLOAD) : payload);
        }
        return DeadLetter.newBuilder()
                .setStage(stage)
                .setSource(source)
                .setKey(key)
                .setPayload(bytes)
                .setErrorType(errorType)
                .setErrorMessage(oneLine(message))
                .setException(exception)
                .setFailedAt(at)
                .build();
    }

    /** Collapses a message to one line of at most 500 characters. */
    public static String oneLine(String message) {
        String m = message == null ? "" : message.replaceAll("\\s+", " ").strip();
        return m.length() > 500 ? m.substring(0, 497) + "..." : m;
    }
}

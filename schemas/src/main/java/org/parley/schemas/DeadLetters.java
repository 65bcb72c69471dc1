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

    public static DeadLetter of(String stage, String source, String key, byte[] payload,
                                String errorType, String message, Instant at) {
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
                .setFailedAt(at)
                .build();
    }

    /** Collapses a message to one line of at most 500 characters. */
    public static String oneLine(String message) {
        String m = message == null ? "" : message.replaceAll("\\s+", " ").strip();
        return m.length() > 500 ? m.substring(0, 497) + "..." : m;
    }
}

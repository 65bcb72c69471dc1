package org.parley.aggregate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/** The key layouts of the aggregate's state stores: party first, so that one party is one range. */
public final class Keys {

    private Keys() {
    }

    /** "PARTY|2024-06-01T08|speaker": a party's statements of one publication hour by one speaker ("" for none). */
    public static String bucket(String party, Instant published, String speaker) {
        return party + "|" + hour(published) + "|" + (speaker == null ? "" : speaker.replace('|', '/'));
    }

    /** The UTC hour of a time, as bucket keys write it: "2024-06-01T08". */
    public static String hour(Instant t) {
        return t.toString().substring(0, 13);
    }

    /** "PARTY|000001717228800000|hash": sorts a party's evidence by publication time. */
    public static String timed(String party, Instant published, String hash) {
        return party + "|" + millis(published.toEpochMilli()) + "|" + hash;
    }

    public static String millis(long epochMillis) {
        return String.format(Locale.ROOT, "%015d", Math.max(0, epochMillis));
    }

    /** A short stable hash of a statement key. */
    public static String hash(String statementKey) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(statementKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

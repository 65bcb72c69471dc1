package org.parley.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.StringJoiner;

/** Stable article ids: the same article gets the same id from any feed, poll or restart. */
public final class ArticleIds {

    private ArticleIds() {
    }

    /**
     * The id of an article: from its canonical link when it has one, else from the source and
     * GUID, else from the source and title.
     */
    public static String of(String source, String link, String guid, String title) {
        if (link != null && !link.isBlank()) {
            return hash("url:" + canonicalUrl(link));
        }
        if (guid != null && !guid.isBlank()) {
            return hash("guid:" + source + "\n" + guid.strip());
        }
        return hash("title:" + source + "\n" + (title == null ? "" : title.strip()));
    }

    /**
     * Lower-cases scheme and host, drops the fragment, default ports, a trailing slash and
     * tracking parameters ({@code utm_*}, {@code fbclid}, {@code gclid}...).
     */
    public static String canonicalUrl(String link) {
        try {
            URI u = new URI(link.strip());
            if (u.getScheme() == null || u.getHost() == null) {
                return link.strip();
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            if ((scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443)) {
                port = -1;
            }
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            StringJoiner query = new StringJoiner("&");
            if (u.getRawQuery() != null) {
                for (String param : u.getRawQuery().split("&")) {
                    String name = param.split("=", 2)[0].toLowerCase(Locale.ROOT);
                    if (!param.isEmpty() && !isTracking(name)) {
                        query.add(param);
                    }
                }
            }
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port) + path
                    + (query.length() == 0 ? "" : "?" + query);
        } catch (URISyntaxException e) {
            return link.strip();
        }
    }

    private static boolean isTracking(String name) {
        return name.startsWith("utm_") || name.equals("fbclid") || name.equals("gclid") || name.equals("mc_cid")
                || name.equals("mc_eid") || name.equals("ocid") || name.equals("cmpid") || name.equals("smid");
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

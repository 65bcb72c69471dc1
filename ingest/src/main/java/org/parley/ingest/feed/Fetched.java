package org.parley.ingest.feed;

import java.net.URI;

/**
 * What a fetch returned.
 *
 * @param body         the body, decompressed; null when {@code notModified}
 * @param contentType  the Content-Type header, or null (files)
 * @param etag         the ETag to send as If-None-Match next time, or null
 * @param lastModified the Last-Modified value to send as If-Modified-Since next time, or null
 * @param finalUrl     where the body came from after redirects (null for files)
 * @param movedTo      the new address when a permanent redirect (301, 308) was followed, else null
 * @param notModified  the server answered 304: nothing changed since the validators
 */
public record Fetched(byte[] body, String contentType, String etag, String lastModified, URI finalUrl, URI movedTo,
                      boolean notModified) {

    static Fetched notModified(String etag, String lastModified, URI url) {
        return new Fetched(null, null, etag, lastModified, url, null, true);
    }
}

package org.parley.ingest.feed;

/**
 * The validators of a conditional GET: sent as If-None-Match and If-Modified-Since so that an
 * unchanged feed costs a 304 and no body.
 */
public record Validators(String etag, String lastModified) {

    public static final Validators NONE = new Validators(null, null);
}

package org.parley.ingest.poll;

import org.parley.avro.Article;

/** Where the poller delivers what it read: Kafka in production, a list in tests. */
public interface ArticleSink {

    /** Publishes a new article (and its statements). */
    void article(Article article);

    /** Records input that could not be read, with a typed reason. */
    void deadLetter(String source, byte[] payload, String errorType, String message);

    /** Makes everything delivered so far durable. */
    default void flush() {
    }
}

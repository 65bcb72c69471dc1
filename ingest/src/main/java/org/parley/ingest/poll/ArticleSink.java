package org.parley.ingest.poll;

import java.util.List;
import org.parley.avro.Article;

/** Where the poller delivers what it read: Kafka in production, a list in tests. */
public interface ArticleSink {

    /** Publishes a new article (and its statements). */
    void article(Article article);

    /**
     * Publishes new articles (and their statements) all together or not at all: the poller marks
     * them seen only when this returns, so articles that could not be published are read again at
     * the next poll.
     *
     * @throws PublishException when they could not be published; none of them was
     */
    default void articles(List<Article> batch) {
        batch.forEach(this::article);
    }

    /** Records input that could not be read, with a typed reason. */
    void deadLetter(String source, byte[] payload, String errorType, String message);

    /** The articles could not be published (the cluster is unreachable, refuses, times out). */
    final class PublishException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

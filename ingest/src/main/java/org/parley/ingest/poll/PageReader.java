package org.parley.ingest.poll;

import java.util.Optional;

/** Reads the article behind a link when a feed item carries only a summary. */
public interface PageReader {

    /** The article's main text and the extractor that produced it; empty when nothing usable was found. */
    Optional<PageText> read(String url);

    /** Extracted text and the name of the extractor that produced it. */
    record PageText(String text, String extractor, String language) {
    }
}

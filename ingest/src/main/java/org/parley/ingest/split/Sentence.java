package org.parley.ingest.split;

import org.parley.avro.StatementKind;

/**
 * A statement found in a text: {@code text} equals {@code source.substring(start, end)}.
 *
 * @param paragraph the paragraph it starts in, from 0
 */
public record Sentence(String text, int start, int end, int paragraph, StatementKind kind) {
}

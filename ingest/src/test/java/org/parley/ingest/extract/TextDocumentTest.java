package org.parley.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TextDocumentTest {

    @Test
    void headerBlockIsMetadataAndOffsetsCountFromTheFileStart() {
        String file = "# source: https://example.org/a\n# date: 2024-06-01\n\nPutin answered.\nPeskov agreed.";
        TextDocument doc = TextDocument.parse(file);
        assertThat(doc.metadata()).containsEntry("source", "https://example.org/a");
        assertThat(doc.date()).isEqualTo(LocalDate.of(2024, 6, 1));
        assertThat(doc.body()).isEqualTo("Putin answered.\nPeskov agreed.");
        assertThat(file.substring(doc.bodyOffset())).isEqualTo(doc.body());
    }

    @Test
    void fileWithoutHeaderIsAllText() {
        TextDocument doc = TextDocument.parse("Just text.\n# not a header");
        assertThat(doc.metadata()).isEmpty();
        assertThat(doc.bodyOffset()).isZero();
        assertThat(doc.date()).isNull();
    }

    @Test
    void hashLinesWithoutTheClosingBlankLineAreText() {
        TextDocument doc = TextDocument.parse("# date: 2024-01-01\nText right after.");
        assertThat(doc.metadata()).isEmpty();
        assertThat(doc.body()).startsWith("# date");
    }
}

package org.parley.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void readsTheBodiesOfAFoldersTextFilesInNameOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.txt"), "Second body.");
        Files.writeString(dir.resolve("a.txt"), "# date: 2025-01-01\n\nFirst body.");
        Files.writeString(dir.resolve("notes.md"), "Not an article.");
        assertThat(TextDocument.bodiesIn(dir)).containsExactly("First body.", "Second body.");
        assertThatThrownBy(() -> TextDocument.bodiesIn(dir.resolve("none")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such articles folder");
        Files.delete(dir.resolve("a.txt"));
        Files.delete(dir.resolve("b.txt"));
        assertThatThrownBy(() -> TextDocument.bodiesIn(dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no .txt articles");
    }
}

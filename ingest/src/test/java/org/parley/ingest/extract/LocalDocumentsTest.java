package org.parley.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.avro.Article;
import org.parley.ingest.feed.FeedException;

class LocalDocumentsTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void textFileHeaderGivesDateUrlAndTitle() throws Exception {
        byte[] file = "# source: https://news.example/a\n# date: 2024-06-01\n# title: Talks\n\nPeskov said Russia is ready for talks with Kyiv."
                .getBytes(StandardCharsets.UTF_8);
        Article a = LocalDocuments.textFile("a.txt", file, NOW);
        assertThat(a.getPublishedAt()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
        assertThat(a.getUrl()).isEqualTo("https://news.example/a");
        assertThat(a.getTitle()).isEqualTo("Talks");
        assertThat(a.getText()).isEqualTo("Peskov said Russia is ready for talks with Kyiv.");
        assertThat(a.getExtractor()).isEqualTo("text-file");
        assertThat(a.getLanguage()).isEqualTo("en");
    }

    @Test
    void sameFileGivesTheSameIdAndAnEditedOneANewId() throws Exception {
        byte[] v1 = "Text one.".getBytes(StandardCharsets.UTF_8);
        byte[] v2 = "Text two.".getBytes(StandardCharsets.UTF_8);
        assertThat(LocalDocuments.textFile("a.txt", v1, NOW).getId()).isEqualTo(LocalDocuments.textFile("a.txt", v1, NOW).getId())
                .isNotEqualTo(LocalDocuments.textFile("a.txt", v2, NOW).getId());
    }

    @Test
    void nonUtf8TextIsATypedError() {
        assertThatThrownBy(() -> LocalDocuments.textFile("x.txt", new byte[] {(byte) 0xC3, (byte) 0x28}, NOW))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.type()).isEqualTo(FeedException.Type.BadEncoding));
    }

    @Test
    void standardInputIsAFeedOrAText() throws Exception {
        List<Article> feed = LocalDocuments.stdin(("<rss version=\"2.0\"><channel><title>T</title><item><title>A</title>"
                + "<description>Lavrov spoke.</description></item></channel></rss>").getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(feed).singleElement().extracting(Article::getText).isEqualTo("Lavrov spoke.");
        List<Article> text = LocalDocuments.stdin("Just a statement.".getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(text).singleElement().extracting(Article::getSource).isEqualTo("-");
    }
}

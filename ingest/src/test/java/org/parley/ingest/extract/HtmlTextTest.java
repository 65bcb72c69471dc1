package org.parley.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTextTest {

    @Test
    void keepsParagraphsDropsScriptsAndCaptions() {
        String html = "<div><p>First   paragraph.</p><figure><img src=x><figcaption>Photo: AP</figcaption></figure>"
                + "<script>track()</script><p>Second<br>line.</p></div>";
        assertThat(HtmlText.toPlainText(html)).isEqualTo("First paragraph.\n\nSecond\nline.");
    }

    @Test
    void decodesEntitiesAndPassesPlainTextThrough() {
        assertThat(HtmlText.toPlainText("Peskov &amp; Lavrov &#8220;agreed&#8221;")).isEqualTo("Peskov & Lavrov “agreed”");
        assertThat(HtmlText.toPlainText("  plain   text ")).isEqualTo("plain text");
        assertThat(HtmlText.toPlainText(null)).isEmpty();
    }
}

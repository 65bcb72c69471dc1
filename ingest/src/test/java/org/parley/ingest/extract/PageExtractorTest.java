package org.parley.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Pages in the shapes news sites use (written for these tests): a JSON-LD NewsArticle, an
 * article body among navigation, ads, captions, share bars, related links and comments, and a
 * page with bare paragraphs.
 */
class PageExtractorTest {

    private final PageExtractor extractor = new PageExtractor();

    private static final String BODY_1 = "Russian Foreign Minister Sergei Lavrov said on Thursday that Moscow remained open to "
            + "negotiations on Ukraine, but only on terms that took into account what he called the realities on the ground.";
    private static final String BODY_2 = "Speaking to reporters after talks with his Turkish counterpart, Lavrov said any "
            + "settlement would have to address Russia's security concerns, including Ukraine's neutrality.";
    private static final String BODY_3 = "Kyiv has repeatedly rejected such conditions, saying they amount to a demand for "
            + "surrender, and insists on the withdrawal of Russian troops before any talks begin.";

    @Test
    void prefersThePublishersJsonLdArticleBody() {
        String html = "<html lang=\"en\"><head><title>Lavrov on talks</title><script type=\"application/ld+json\">"
                + "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"Lavrov on talks\","
                + "\"articleBody\":\"" + BODY_1 + " " + BODY_2 + " " + BODY_3 + "\"}</script></head>"
                + "<body><nav><a href=/>Home</a></nav><p>Cookie notice: we use cookies to improve your experience on this site today.</p></body></html>";
        PageExtractor.Extracted e = extractor.extract(html, "https://news.example/a").orElseThrow();
        assertThat(e.extractor()).isEqualTo("jsonld");
        assertThat(e.text()).startsWith(BODY_1).contains(BODY_3);
        assertThat(e.language()).isEqualTo("en");
        assertThat(e.title()).isEqualTo("Lavrov on talks");
    }

    @Test
    void findsTheArticleAmongNavigationAdsCaptionsAndComments() {
        String html = """
                <html><head><title>World | News</title></head><body>
                <header><nav><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li></ul></nav></header>
                <div class="ad-slot advert"><p>Advertisement: Buy the best winter tyres now with a discount of thirty percent.</p></div>
                <main><article class="story-body">
                  <h1>Lavrov says Moscow open to talks</h1>
                  <figure><img src="x.jpg"><figcaption>Sergei Lavrov speaks in Antalya. Photo: Agency / Photographer Name</figcaption></figure>
                  <div class="share-bar"><a href="#">Share on X</a><a href="#">Share on Facebook</a></div>
                  <p>%s</p>
                  <p>%s</p>
                  <div class="related-links"><ul><li><a href="/1">Related: earlier talks in Istanbul collapsed in the spring</a></li></ul></div>
                  <p>%s</p>
                </article></main>
                <section id="comments" class="comments"><p>Reader42: This is the most ridiculous thing I have read all week honestly.</p>
                  <p>Reader7: Nobody believes a word of this, the war will go on for years and years.</p></section>
                <footer><p>© 2025 News Company. All rights reserved. Terms of use and privacy policy apply.</p></footer>
                </body></html>""".formatted(BODY_1, BODY_2, BODY_3);
        PageExtractor.Extracted e = extractor.extract(html, "https://news.example/b").orElseThrow();
        assertThat(e.extractor()).isEqualTo("readability");
        assertThat(e.text()).contains(BODY_1, BODY_2, BODY_3)
                .doesNotContain("Advertisement", "Photo: Agency", "Share on", "Reader42", "All rights reserved", "Related:");
    }

    @Test
    void fallsBackToSubstantialParagraphs() {
        String html = "<html><body><table><tr><td><p>" + BODY_1 + "</p></td></tr><tr><td><p>" + BODY_2
                + "</p></td></tr><tr><td><span><p>" + BODY_3 + "</p></span></td></tr></table></body></html>";
        PageExtractor.Extracted e = extractor.extract(html, null).orElseThrow();
        assertThat(e.text()).contains(BODY_1, BODY_2, BODY_3);
    }

    @Test
    void pageWithoutEnoughTextGivesNothing() {
        assertThat(extractor.extract("<html><body><p>Subscribe to read this article.</p></body></html>", null)).isEmpty();
    }

    @Test
    void brokenJsonLdIsSkipped() {
        String html = "<html><head><script type=\"application/ld+json\">{not json</script></head><body><article><p>"
                + BODY_1 + "</p><p>" + BODY_2 + "</p><p>" + BODY_3 + "</p></article></body></html>";
        assertThat(extractor.extract(html, null).orElseThrow().extractor()).isEqualTo("readability");
    }
}

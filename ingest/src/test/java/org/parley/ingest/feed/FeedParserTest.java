package org.parley.ingest.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedParserTest {

    private final FeedParser parser = new FeedParser();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsRss20ItemsWithHtmlReducedToParagraphs() throws Exception {
        ParsedFeed feed = parser.parse(utf8("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>World news</title><language>en</language>
                <item><title>Talks resume</title><link>https://example.org/a?utm_source=x</link>
                <guid>a-1</guid><pubDate>Fri, 24 May 2024 15:00:00 GMT</pubDate>
                <description><![CDATA[<p>Putin answered, “Let them resume.”</p><p>Peskov &amp; Lavrov agreed.</p>]]></description>
                </item></channel></rss>"""));
        assertThat(feed.title()).isEqualTo("World news");
        assertThat(feed.language()).isEqualTo("en");
        assertThat(feed.items()).singleElement().satisfies(item -> {
            assertThat(item.title()).isEqualTo("Talks resume");
            assertThat(item.published()).isEqualTo(Instant.parse("2024-05-24T15:00:00Z"));
            assertThat(item.text()).isEqualTo("Putin answered, “Let them resume.”\n\nPeskov & Lavrov agreed.");
        });
    }

    @Test
    void readsAtom10() throws Exception {
        ParsedFeed feed = parser.parse(utf8("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title>
                <entry><title>Ceasefire call</title><link href="https://example.org/b"/><id>urn:b</id>
                <updated>2025-03-11T20:00:00Z</updated><content type="html">&lt;p&gt;Ukraine is ready.&lt;/p&gt;</content></entry>
                </feed>"""));
        assertThat(feed.title()).isEqualTo("Atom news");
        assertThat(feed.items()).singleElement().satisfies(item -> {
            assertThat(item.link()).isEqualTo("https://example.org/b");
            assertThat(item.published()).isEqualTo(Instant.parse("2025-03-11T20:00:00Z"));
            assertThat(item.text()).isEqualTo("Ukraine is ready.");
        });
    }

    @Test
    void externalEntitiesAreRefusedWithATypedError() {
        byte[] xxe = utf8("""
                <?xml version="1.0"?>
                <!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <rss version="2.0"><channel><title>&secret;</title></channel></rss>""");
        assertThatThrownBy(() -> parser.parse(xxe))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.type()).isEqualTo(FeedException.Type.MalformedFeed))
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void entityExpansionIsRefusedQuickly() {
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i < 10; i++) {
            lol.append("<!ENTITY lol").append(i).append(" \"");
            lol.append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10)).append("\">");
        }
        lol.append("]><rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> parser.parse(utf8(lol.toString()))).isInstanceOf(FeedException.class);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("milliseconds").isLessThan(5_000);
    }

    @Test
    void htmlPageIsNotAFeed() {
        assertThatThrownBy(() -> parser.parse(utf8("<html><head><title>Sorry</title></head><body>We're sorry</body></html>")))
                .isInstanceOf(FeedException.class);
    }

    @Test
    void emptyAndGarbageInputsAreTypedErrors() {
        assertThatThrownBy(() -> parser.parse(new byte[0])).isInstanceOf(FeedException.class);
        assertThatThrownBy(() -> parser.parse(utf8("not xml at all <<<"))).isInstanceOf(FeedException.class);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void giantFeedUnderTheSizeCapParses() throws Exception {
        StringBuilder b = new StringBuilder("<rss version=\"2.0\"><channel><title>Giant</title>");
        for (int i = 0; i < 5_000; i++) {
            b.append("<item><title>Item ").append(i).append("</title><description>")
                    .append("Peskov said Russia is ready for talks. ".repeat(20)).append("</description></item>");
        }
        ParsedFeed feed = parser.parse(utf8(b.append("</channel></rss>").toString()));
        assertThat(feed.items()).hasSize(5_000);
    }

    @Test
    void feedWithoutItemsIsParsedWithNoItems() throws Exception {
        ParsedFeed feed = parser.parse(utf8("<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>"));
        assertThat(feed.items()).isEmpty();
        assertThat(feed.title()).isEqualTo("Quiet");
    }
}

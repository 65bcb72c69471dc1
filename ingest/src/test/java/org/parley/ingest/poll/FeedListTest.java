package org.parley.ingest.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedListTest {

    @Test
    void readsYamlWithNamesAndIntervals(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("feeds.yaml"), """
                feeds:
                  - url: https://news.example/world.rss
                    name: World
                    interval: 10m
                  - url: https://other.example/atom.xml
                """);
        List<FeedSpec> feeds = FeedList.read(f);
        assertThat(feeds).containsExactly(
                new FeedSpec("https://news.example/world.rss", "World", Duration.ofMinutes(10)),
                new FeedSpec("https://other.example/atom.xml", null, null));
    }

    @Test
    void importsNestedOpmlOutlinesOnce(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("export.opml"), """
                <?xml version="1.0"?>
                <opml version="2.0"><head><title>My feeds</title></head><body>
                  <outline text="News"><outline text="World" type="rss" xmlUrl="https://news.example/world.rss"/>
                    <outline text="Again" type="rss" xmlUrl="https://news.example/world.rss"/></outline>
                  <outline title="Other" type="rss" xmlUrl="https://other.example/atom.xml"/>
                  <outline text="A folder without a feed"/>
                </body></opml>""");
        assertThat(FeedList.read(f)).extracting(FeedSpec::url, FeedSpec::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("https://news.example/world.rss", "World"),
                org.assertj.core.groups.Tuple.tuple("https://other.example/atom.xml", "Other"));
    }

    @Test
    void opmlAndYamlRoundTrip(@TempDir Path dir) throws Exception {
        List<FeedSpec> feeds = List.of(new FeedSpec("https://a.example/x?a=1&b=2", "A \"quoted\" name", null),
                new FeedSpec("https://b.example/y", null, Duration.ofSeconds(90)));
        Path opml = Files.writeString(dir.resolve("x.opml"), FeedList.toOpml(feeds));
        assertThat(FeedList.read(opml)).extracting(FeedSpec::url).containsExactly("https://a.example/x?a=1&b=2", "https://b.example/y");
        Path yaml = Files.writeString(dir.resolve("x.yaml"), FeedList.toYaml(feeds));
        assertThat(FeedList.read(yaml)).isEqualTo(feeds);
    }

    @Test
    void errorsNameTheFile(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "feeds:\n  - name: no url here\n");
        assertThatThrownBy(() -> FeedList.read(bad)).hasMessageContaining("bad.yaml").hasMessageContaining("no url");
        Path xxe = Files.writeString(dir.resolve("x.opml"), "<?xml version=\"1.0\"?><!DOCTYPE opml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><opml>&e;</opml>");
        assertThatThrownBy(() -> FeedList.read(xxe)).isInstanceOf(IllegalArgumentException.class);
    }
}

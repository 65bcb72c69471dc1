package org.parley.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArticleIdsTest {

    @Test
    void trackingParametersFragmentsAndCaseDoNotChangeTheId() {
        String id = ArticleIds.of("feed-a", "https://News.example.org/world/talks?id=7&utm_source=rss#top", null, "x");
        assertThat(ArticleIds.of("feed-b", "https://news.example.org:443/world/talks/?utm_medium=email&id=7", "g", "y"))
                .isEqualTo(id);
        assertThat(ArticleIds.of("feed-a", "https://news.example.org/world/talks?id=8", null, "x")).isNotEqualTo(id);
    }

    @Test
    void withoutALinkTheGuidAndThenTheTitleDecide() {
        assertThat(ArticleIds.of("f", null, "guid-1", "t")).isEqualTo(ArticleIds.of("f", "", "guid-1", "other"));
        assertThat(ArticleIds.of("f", null, null, "Title")).isNotEqualTo(ArticleIds.of("f", null, null, "Other"));
    }
}

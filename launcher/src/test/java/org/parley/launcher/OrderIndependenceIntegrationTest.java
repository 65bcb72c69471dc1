package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.SyndFeedOutput;
import com.rometools.rome.io.XmlReader;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.aggregate.AggregateSettings;
import org.parley.aggregate.http.Windows;
import org.parley.enrich.Enricher;
import org.parley.ingest.poll.FeedPoller;
import org.parley.ingest.poll.FeedSpec;
import org.parley.ingest.poll.PollPolicy;
import org.parley.schemas.KafkaClientConfig;

/**
 * The bundled sample feed with its items sorted by date, reversed and shuffled, each run through
 * the whole pipeline on a cluster of its own (three partitions) with default settings: the API
 * must give the same parties, to the last figure. With a grace period measured against the newest
 * statement seen, the reversed feed lost its older statements.
 */
class OrderIndependenceIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theSameFeedInAnyOrderGivesTheSameParties(@TempDir Path dir) throws Exception {
        SyndFeed feed;
        try (InputStream in = getClass().getResourceAsStream("/parley/sample/sample-feed.xml")) {
            feed = new SyndFeedInput().build(new XmlReader(in));
        }
        List<SyndEntry> sorted = new ArrayList<>(feed.getEntries());
        sorted.sort(Comparator.comparing(SyndEntry::getPublishedDate));
        List<SyndEntry> reversed = new ArrayList<>(sorted);
        Collections.reverse(reversed);
        List<SyndEntry> shuffled = new ArrayList<>(sorted);
        Collections.shuffle(shuffled, new Random(7));
        Map<String, List<SyndEntry>> orders = new LinkedHashMap<>();
        orders.put("sorted", sorted);
        orders.put("reversed", reversed);
        orders.put("shuffled", shuffled);

        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (var order : orders.entrySet()) {
            feed.setEntries(order.getValue());
            Path file = dir.resolve(order.getKey() + ".xml");
            new SyndFeedOutput().output(feed, file.toFile());
            answers.put(order.getKey(), run(file, dir.resolve("streams-" + order.getKey())));
        }
        JsonNode expected = answers.get("sorted");
        assertThat(expected.size()).as("parties counted").isGreaterThanOrEqualTo(2);
        answers.forEach((order, parties) -> assertThat(parties).as(order).isEqualTo(expected));
    }

    /** The parties once the pipeline has counted the whole feed: when /api/parties stays the same for five seconds. */
    private JsonNode run(Path feed, Path stateDir) throws Exception {
        try (KafkaClusterExtension.Running kafka = KafkaClusterExtension.startFresh()) {
            String bootstrap = kafka.cluster().bootstrapServers();
            TopicSetup.ensureTopics(KafkaClientConfig.of(bootstrap), 3, (short) 1);
            try (Pipeline pipeline = Pipeline.start(new Pipeline.Config(KafkaClientConfig.of(bootstrap), stateDir, List.of(FeedSpec.of(feed.toString())),
                    PollPolicy.defaults(Duration.ofMinutes(5)), FeedPoller.Config.defaults(), new Pipeline.Http(0, "localhost", null),
                    true, true, true, Enricher.bundled(), false,
                    new Pipeline.AggregateConfig(AggregateSettings.defaults(), Windows.parse(Windows.DEFAULT), List.of(), null)))) {
                AtomicReference<String> last = new AtomicReference<>("");
                long[] stableSince = {System.nanoTime()};
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + pipeline.httpPort() + "/api/parties")).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 || !json.readTree(r.body()).path("parties").elements().hasNext()) {
                        return false;
                    }
                    if (!r.body().equals(last.getAndSet(r.body()))) {
                        stableSince[0] = System.nanoTime();
                    }
                    return System.nanoTime() - stableSince[0] > Duration.ofSeconds(5).toNanos();
                });
                return json.readTree(last.get()).get("parties");
            }
        }
    }
}

package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.parley.aggregate.AggregateSettings;
import org.parley.aggregate.http.Windows;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.Stance;
import org.parley.avro.Statement;
import org.parley.avro.StatementKind;
import org.parley.ingest.poll.FeedPoller;
import org.parley.ingest.poll.FeedSpec;
import org.parley.ingest.poll.PollPolicy;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topics;

/**
 * The dashboard in Debian's headless Chromium, driven through ChromeDriver, against the whole
 * pipeline on the bundled sample: the table and a chart per party show, and a statement that
 * arrives while the page is open reaches it over the event stream. Saves a screenshot to
 * {@code target/dashboard.png}. CI installs the {@code chromium} and {@code chromium-driver}
 * packages and sets {@code PARLEY_REQUIRE_BROWSER}, so there it fails without them; on a
 * developer's machine without them it is skipped with that reason.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("parley.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("parley.chromedriver", "/usr/bin/chromedriver"));

    private KafkaCluster kafka;
    private Pipeline pipeline;
    private WebDriver browser;

    @BeforeAll
    void start(KafkaCluster kafka, @TempDir Path dir) throws Exception {
        boolean available = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "no headless browser at " + CHROMIUM + " and " + CHROMEDRIVER
                + ": install Debian's chromium and chromium-driver (.ci/run does) to run the dashboard test";
        if (System.getenv("PARLEY_REQUIRE_BROWSER") != null) {
            assertThat(available).as(missing).isTrue();
        }
        assumeTrue(available, missing);
        this.kafka = kafka;
        TopicSetup.ensureTopics(KafkaClientConfig.of(kafka.bootstrapServers()), 2, (short) 1);
        pipeline = Pipeline.start(new Pipeline.Config(KafkaClientConfig.of(kafka.bootstrapServers()), dir.resolve("streams"),
                List.of(FeedSpec.of(FeedOptions.SAMPLE_FEED)), PollPolicy.defaults(Duration.ofMinutes(5)),
                FeedPoller.Config.defaults(), null, 0, "localhost", true, true, true, null, false,
                new Pipeline.AggregateConfig(AggregateSettings.defaults().withAlertHorizon(AggregateOptions.ARCHIVE_ALERT_HORIZON),
                        Windows.parse(Windows.DEFAULT), List.of(), null)));
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--window-size=1400,1900",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void showsEveryPartyInTheTableAndAChartAndUpdatesLive() throws Exception {
        // The sample's statements reach the aggregate within seconds; the page then loads them all.
        // Wait until they have all arrived: the count of statements no longer changes for three polls.
        int[] last = {-1, 0};
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    int n = statementsFromApi();
                    last[1] = n == last[0] ? last[1] + 1 : 0;
                    last[0] = n;
                    return partiesFromApi() >= 2 && last[1] >= 3;
                });
        browser.get("http://127.0.0.1:" + pipeline.httpPort() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(b -> "true".equals(b.findElement(By.tagName("body")).getDomAttribute("data-loaded")));

        List<String> rows = browser.findElements(By.cssSelector("#parties tbody tr")).stream()
                .map(tr -> tr.getDomAttribute("data-party")).toList();
        assertThat(rows).contains("RUS", "UKR").first().isEqualTo("RUS");
        WebElement rus = browser.findElement(By.cssSelector("#parties tr[data-party=RUS]"));
        assertThat(rus.getText()).contains("RUS").containsPattern("[+-]\\d\\.\\d\\d ± \\d\\.\\d\\d");
        // uPlot draws each chart on a canvas with the index series in its legend.
        for (String party : List.of("RUS", "UKR")) {
            WebElement chart = browser.findElement(By.cssSelector(".chart[data-party=" + party + "]"));
            assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
            assertThat(chart.getText()).contains("index");
        }
        assertThat(browser.findElements(By.cssSelector("#evidence li"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#alerts li"))).isNotEmpty();

        // A new party's statement while the page is open: its row comes over /api/stream, no reload.
        publish("QAT", "Qatar said it stands ready to host direct negotiations between the two sides.");
        wait.until(b -> !b.findElements(By.cssSelector("#parties tr[data-party=QAT]")).isEmpty());
        assertThat(browser.findElement(By.id("status")).getDomAttribute("class")).contains("live");

        Path shot = Path.of("target", "dashboard.png");
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    private int statementsFromApi() throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + pipeline.httpPort() + "/api/parties")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        int n = 0;
        if (r.statusCode() == 200) {
            for (var p : new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("parties")) {
                n += p.get("statements").asInt();
            }
        }
        return n;
    }

    private int partiesFromApi() throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + pipeline.httpPort() + "/api/parties")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("parties").size() : 0;
    }

    private void publish(String party, String text) throws Exception {
        Instant now = Instant.parse("2025-05-12T09:00:00Z");
        Statement s = Statement.newBuilder().setId("browser-test:0").setArticleId("browser-test").setIndex(0).setText(text)
                .setStart(0).setEnd(text.length()).setParagraph(0).setKind(StatementKind.REPORTED_SPEECH).setPublishedAt(now)
                .setSource("test").setUrl("https://example.org/browser-test").build();
        EnrichedStatement e = EnrichedStatement.newBuilder().setStatement(s).setParty(party).setStance(Stance.OPEN).setScore(0.4)
                .setCues(List.of("test")).setRulesVersion("test").setEnrichedAt(now).build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.ENRICHED.name(), s.getArticleId(), Topics.ENRICHED.valueSerde().encode(e))).get();
        }
    }
}

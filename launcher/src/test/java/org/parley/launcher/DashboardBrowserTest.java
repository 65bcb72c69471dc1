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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.Stance;
import org.parley.avro.Statement;
import org.parley.avro.StatementKind;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topics;

/**
 * The dashboard in Debian's headless Chromium, driven through ChromeDriver, against the whole
 * pipeline on the bundled sample, as an analyst uses it: the overview (table, every party on one
 * chart, alerts), an alert followed to the statement that raised it, a party page reached with
 * the keyboard and its statements filtered by stance and by speaker, the page at a phone's width,
 * and statements that arrive while pages are open reaching them over the event stream. Saves the
 * screenshots of the overview and a party page, which the README shows, to
 * {@code target/screenshots/}. CI installs the {@code chromium} and {@code chromium-driver}
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
        pipeline = Pipeline.start(SamplePipeline.config(kafka.bootstrapServers(), dir.resolve("streams")));
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
    void anAnalystReadsThePartiesFollowsAnAlertFiltersStatementsAndSeesNewOnesLive() throws Exception {
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
        String base = "http://127.0.0.1:" + pipeline.httpPort() + "/";
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        // The overview: the table, most statements first, every party on one chart, the latest alerts.
        open(base + "#/", "overview", wait);
        List<String> rows = browser.findElements(By.cssSelector("#parties tbody tr")).stream()
                .map(tr -> tr.getDomAttribute("data-party")).toList();
        assertThat(rows).contains("RUS", "UKR").first().isEqualTo("RUS");
        assertThat(browser.findElement(By.cssSelector("#parties tr[data-party=RUS]")).getText())
                .containsPattern("RUS\\s+[+-]\\d\\.\\d\\d ± \\d\\.\\d\\d");
        WebElement chart = browser.findElement(By.id("all-chart"));
        assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
        assertThat(chart.findElements(By.cssSelector(".u-legend .u-series")).stream().map(WebElement::getText)
                .filter(t -> !t.isBlank()).toList()).anySatisfy(t -> assertThat(t).startsWith("RUS"));
        assertThat(browser.findElements(By.cssSelector("#alerts li"))).isNotEmpty();
        assertFitsTheWindow();
        screenshot("overview.png");

        // An alert, followed to its evidence: the party page with the statement that raised it marked and focused.
        WebElement alert = browser.findElement(By.cssSelector("#alerts li"));
        String alertId = alert.getDomAttribute("data-alert");
        String alertParty = alert.getDomAttribute("data-party");
        String alertStatement = alertStatement(alertParty, alertId);
        alert.findElement(By.cssSelector("a.evidence")).click();
        waitLoaded("party", wait);
        assertThat(browser.findElement(By.id("party-title")).getText()).isEqualTo(alertParty);
        WebElement marked = wait.until(b -> b.findElement(By.cssSelector("#statements li.highlight")));
        assertThat(marked.getDomAttribute("data-text")).isEqualTo(alertStatement);
        assertThat(browser.switchTo().activeElement()).isEqualTo(marked);

        // Back to the overview, and to a party's page with the keyboard.
        browser.findElement(By.linkText("← All parties")).click();
        waitLoaded("overview", wait);
        browser.findElement(By.cssSelector("#parties tr[data-party=RUS] a")).sendKeys(Keys.ENTER);
        waitLoaded("party", wait);
        assertThat(browser.findElement(By.id("party-figures")).getText()).contains("Index ± band").contains("Baseline");
        assertThat(browser.findElements(By.cssSelector("#party-chart canvas"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#windows tbody tr"))).extracting(WebElement::getText)
                .anySatisfy(t -> assertThat(t).startsWith("24h")).anySatisfy(t -> assertThat(t).startsWith("30d"));
        assertThat(browser.findElements(By.cssSelector("#speakers li"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#statements li"))).isNotEmpty();
        screenshot("party.png");

        // Statements filtered by stance, then by speaker, as the API filters them.
        new Select(browser.findElement(By.cssSelector("#filters select[name=stance]"))).selectByValue("CLOSED");
        browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
        int closed = countFromApi("/api/statements?party=RUS&stance=CLOSED&limit=200");
        assertThat(closed).isPositive();
        wait.until(b -> b.findElements(By.cssSelector("#statements li")).size() == closed);
        assertThat(browser.findElements(By.cssSelector("#statements li")))
                .allSatisfy(li -> assertThat(li.getDomAttribute("data-stance")).isEqualTo("CLOSED"));
        browser.findElement(By.cssSelector("#filters button[type=reset]")).click();
        Select speakers = new Select(browser.findElement(By.cssSelector("#filters select[name=speaker]")));
        String speaker = speakers.getOptions().get(1).getDomAttribute("value");
        speakers.selectByValue(speaker);
        browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
        int bySpeaker = countFromApi("/api/statements?party=RUS&limit=200&speaker="
                + java.net.URLEncoder.encode(speaker, java.nio.charset.StandardCharsets.UTF_8));
        wait.until(b -> b.findElements(By.cssSelector("#statements li")).size() == bySpeaker);
        assertThat(browser.findElements(By.cssSelector("#statements li")))
                .allSatisfy(li -> assertThat(li.getDomAttribute("data-speaker")).isEqualTo(speaker));

        // A phone's width: nothing wider than the screen.
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.navigate().refresh();
        waitLoaded("party", wait);
        assertFitsTheWindow();
        browser.manage().window().setSize(new Dimension(1400, 1900));

        // Live: a statement published while the party page is open appears in its list, without a reload.
        browser.findElement(By.cssSelector("#filters button[type=reset]")).click();
        publish("browser-test-rus", "RUS", "Russia is open to a new round of negotiations, the spokesman said.",
                Instant.parse("2025-12-01T09:00:00Z"));
        wait.until(b -> !b.findElements(By.cssSelector("#statements li[data-id='browser-test-rus:0']")).isEmpty());
        assertThat(browser.findElement(By.id("status")).getDomAttribute("class")).contains("live");

        // And a new party's row on the overview.
        browser.findElement(By.linkText("← All parties")).click();
        waitLoaded("overview", wait);
        publish("browser-test-qat", "QAT", "Qatar said it stands ready to host direct negotiations between the two sides.",
                Instant.parse("2025-05-12T09:00:00Z"));
        wait.until(b -> !b.findElements(By.cssSelector("#parties tr[data-party=QAT]")).isEmpty());
    }

    private void open(String url, String view, WebDriverWait wait) {
        browser.get(url);
        waitLoaded(view, wait);
    }

    private void waitLoaded(String view, WebDriverWait wait) {
        wait.until(b -> {
            WebElement body = b.findElement(By.tagName("body"));
            return view.equals(body.getDomAttribute("data-view")) && "true".equals(body.getDomAttribute("data-loaded"));
        });
    }

    private void assertFitsTheWindow() {
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
        Object overflow = js.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
        Object widest = js.executeScript("return [...document.querySelectorAll('body *')]"
                + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll'))"
                + ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow in px, from: %s", widest).isLessThanOrEqualTo(0);
    }

    /** Saves a screenshot under target/screenshots/ (the README's come from there). */
    private void screenshot(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Path shot = dir.resolve(name);
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    private String alertStatement(String party, String id) throws Exception {
        var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("/api/alerts?limit=1000&party=" + party));
        for (var a : body.get("alerts")) {
            if (a.get("id").asText().equals(id)) {
                return a.get("statement").asText();
            }
        }
        throw new AssertionError("no alert " + id);
    }

    private int countFromApi(String path) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(get(path)).get("statements").size();
    }

    private String get(String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + pipeline.httpPort() + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
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

    private void publish(String article, String party, String text, Instant at) throws Exception {
        Statement s = Statement.newBuilder().setId(article + ":0").setArticleId(article).setIndex(0).setText(text)
                .setStart(0).setEnd(text.length()).setParagraph(0).setKind(StatementKind.REPORTED_SPEECH).setPublishedAt(at)
                .setSource("test").setUrl("https://example.org/" + article).build();
        EnrichedStatement e = EnrichedStatement.newBuilder().setStatement(s).setParty(party).setStance(Stance.OPEN).setScore(0.4)
                .setCues(List.of("open to")).setRulesVersion("test").setEnrichedAt(at).build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.ENRICHED.name(), s.getArticleId(), Topics.ENRICHED.valueSerde().encode(e))).get();
        }
    }
}

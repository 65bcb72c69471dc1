package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CliTest {

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cl = Parley.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "analyze", "eval", "train", "parse-feed", "feeds", "bench", "ingest", "enrich", "aggregate", "config"})
    void everyCommandHasHelp(String command) {
        Result r = run(command, "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: parley " + command);
    }

    @Test
    void topLevelHelpListsTheCommands() {
        Result r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("run", "analyze", "ingest", "enrich", "aggregate");
    }

    @Test
    void errorsExitNonZeroWithOneLine() {
        Result unknown = run("frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip().lines()).hasSize(1);

        Result missing = run("analyze", "/no/such/file.txt");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("parley analyze: no such file: /no/such/file.txt");

        Result stage = run("enrich");
        assertThat(stage.exit()).isEqualTo(2);
        assertThat(stage.err().strip()).contains("--bootstrap-servers").doesNotContain("\n");

        Result badDuration = run("ingest", "--poll-interval", "soon", "--bootstrap-servers", "x:1");
        assertThat(badDuration.exit()).isEqualTo(2);
        assertThat(badDuration.err()).contains("soon");

        Result unsigned = run("aggregate", "--bootstrap-servers", "x:1", "--webhook", "http://127.0.0.1:9/hook");
        assertThat(unsigned.exit()).isEqualTo(2);
        assertThat(unsigned.err().strip()).isEqualTo("parley aggregate: --webhook needs --webhook-secret (or PARLEY_WEBHOOK_SECRET) to sign the alerts");

        Result badWindow = run("aggregate", "--bootstrap-servers", "x:1", "--windows", "24h,a week");
        assertThat(badWindow.exit()).isEqualTo(2);
        assertThat(badWindow.err().strip()).isEqualTo("parley aggregate: --windows: 'a week' is not a length such as 24h or 7d");

        Result badLevel = run("run", "--alert-sensitivity", "extreme");
        assertThat(badLevel.exit()).isEqualTo(2);
        assertThat(badLevel.err()).contains("low, medium or high");
    }

    @Test
    void analyzePrintsOneJsonLinePerStatementWithOffsetsIntoTheFile(@TempDir Path dir) throws Exception {
        String content = "# source: https://example.org/x\n# date: 2024-05-28\n\n"
                + "Kremlin spokesman Dmitry Peskov said Russia does not want an “eternal war”. The weather was mild.";
        Path file = Files.writeString(dir.resolve("x.txt"), content, StandardCharsets.UTF_8);
        // The rules' reading (the stance model's output is TrainCommandTest's and the dev-set test's).
        Result r = run("analyze", "--model", "none", file.toString());
        assertThat(r.exit()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = r.out().lines().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
        assertThat(lines).hasSize(2);
        for (JsonNode line : lines) {
            assertThat(line.get("source").asText()).isEqualTo(file.toString());
            assertThat(content.substring(line.get("start").asInt(), line.get("end").asInt())).isEqualTo(line.get("text").asText());
            assertThat(line.has("speaker") && line.has("party") && line.has("score") && line.has("cues")).isTrue();
        }
        JsonNode first = lines.get(0);
        assertThat(first.get("speaker").asText()).isEqualTo("Dmitry Peskov");
        assertThat(first.get("party").asText()).isEqualTo("RUS");
        assertThat(first.get("stance").asText()).isEqualTo("OPEN");
        assertThat(lines.get(1).get("stance").asText()).isEqualTo("NONE");
        assertThat(lines.get(1).get("score").isNull()).isTrue();
    }

    @Test
    void parseFeedPrintsItemsEmptyFeedsAndTypedErrorsInOneRun(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.xml"), "<rss version=\"2.0\"><channel><title>News</title>"
                + "<item><title>Talks</title><link>https://news.example/1</link><pubDate>Tue, 01 Oct 2024 10:00:00 GMT</pubDate>"
                + "<description>Peskov said Russia is ready.</description></item></channel></rss>");
        Path empty = Files.writeString(dir.resolve("empty.xml"), "<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>");
        Path page = Files.writeString(dir.resolve("page.xml"), "<html><body>Sorry</body></html>");
        Result r = run("parse-feed", good.toString(), empty.toString(), page.toString(), dir.resolve("none.xml").toString());
        assertThat(r.exit()).isEqualTo(1);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String l : r.out().lines().toList()) {
            lines.add(json.readTree(l));
        }
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).get("feed_title").asText()).isEqualTo("News");
        assertThat(lines.get(0).get("title").asText()).isEqualTo("Talks");
        assertThat(lines.get(0).get("published").asText()).isEqualTo("2024-10-01T10:00:00Z");
        assertThat(lines.get(0).get("text").asText()).isEqualTo("Peskov said Russia is ready.");
        assertThat(lines.get(1).get("items").asInt()).isZero();
        assertThat(lines.get(2).get("error").asText()).isEqualTo("NotAFeed");
        assertThat(lines.get(3).get("error").asText()).isEqualTo("FetchFailed");
        assertThat(lines.get(3).get("message").asText()).contains("no such file");
    }

    @Test
    void feedsConvertsOpmlToYaml(@TempDir Path dir) throws Exception {
        Path opml = Files.writeString(dir.resolve("f.opml"),
                "<opml version=\"2.0\"><body><outline text=\"W\" xmlUrl=\"https://news.example/w.rss\"/></body></opml>");
        Result r = run("feeds", opml.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("url: \"https://news.example/w.rss\"").contains("name: \"W\"");
    }

    @Test
    void actorsFileAddsPeopleToTheBundledDictionary(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("a.txt"), "# date: 2025-06-01\n\nAnna Example said the government is ready for talks.");
        Path actors = Files.writeString(dir.resolve("actors.yaml"),
                "actors:\n  - {name: Anna Example, party: RUS, role: envoy, since: 2025-01-01, aliases: [Example]}\n");
        ObjectMapper json = new ObjectMapper();
        JsonNode without = json.readTree(run("analyze", text.toString()).out().lines().findFirst().orElseThrow());
        JsonNode with = json.readTree(run("analyze", "--actors", actors.toString(), text.toString()).out().lines().findFirst().orElseThrow());
        // Without the file the name is found as the subject of "said", but nothing tells its party.
        assertThat(without.get("speaker").asText()).isEqualTo("Anna Example");
        assertThat(without.get("party").isNull()).isTrue();
        assertThat(with.get("speaker").asText()).isEqualTo("Anna Example");
        assertThat(with.get("party").asText()).isEqualTo("RUS");
        Result missing = run("analyze", "--actors", dir.resolve("none.yaml").toString(), text.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such actors file");
    }

    @Test
    void analyzeRefusesFilesThatAreNotUtf8(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("latin1.txt"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        Result r = run("analyze", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not UTF-8");
    }
}

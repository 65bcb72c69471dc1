package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley train} on a small labelled set written here, then its model used by {@code analyze}. */
class TrainCommandTest {

    private static final String[][] SENTENCES = {
        {"The foreign minister of Ruritania said his country was ready to resume negotiations with Freedonia.", "OPEN"},
        {"Freedonia's president rejected any talks with Ruritania as pointless.", "CLOSED"},
        {"Ruritania will only negotiate once all Freedonian troops have left the border region, the minister said.", "CONDITIONAL"},
        {"Heavy rain flooded several villages in the north of the country on Monday.", "NONE"},
        {"The central bank raised its interest rate by half a point.", "NONE"},
        {"Freedonia said it welcomed the offer of mediation and would send a delegation to the talks.", "OPEN"},
        {"There will be no negotiations while the occupation continues, Ruritania's defence minister said.", "CLOSED"},
        {"Freedonia is open to a ceasefire provided that the prisoners are released first, its envoy said.", "CONDITIONAL"},
    };

    @Test
    void trainsAModelThatAnalyzeUses(@TempDir Path dir) throws Exception {
        Path articles = Files.createDirectories(dir.resolve("articles"));
        List<String> labels = new ArrayList<>();
        for (int a = 0; a < 6; a++) {
            StringBuilder text = new StringBuilder("# source: https://news.example/" + a + "\n# date: 2025-03-0" + (a + 1) + "\n\n");
            for (int i = 0; i < SENTENCES.length; i++) {
                String[] s = SENTENCES[(i + a) % SENTENCES.length];
                text.append(s[0]).append('\n');
                labels.add(String.format("{\"article\": \"a%d.txt\", \"snippet\": \"%s\", \"speaker\": \"\", \"holder\": \"%s\", \"stance\": \"%s\"}",
                        a, s[0], s[1].equals("NONE") ? "" : "X", s[1]));
            }
            Files.writeString(articles.resolve("a" + a + ".txt"), text);
        }
        Path labelFile = dir.resolve("labels.jsonl");
        Files.write(labelFile, labels);
        Path model = dir.resolve("model.txt");

        CliTest.Result r = CliTest.run("train", labelFile.toString(), articles.toString(), "--out", model.toString(),
                "--folds", "3", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertThat(report.path("labels").asInt()).isEqualTo(48);
        assertThat(report.path("cv_model").path("items").asInt()).isEqualTo(48);
        assertThat(report.path("cv_rules_only").path("macro_f1").isNumber()).isTrue();
        assertThat(Files.readString(model)).startsWith("format parley-stance-head-1\n");

        CliTest.Result again = CliTest.run("train", labelFile.toString(), articles.toString(), "--out", dir.resolve("m2.txt").toString(),
                "--folds", "0", "--json");
        assertThat(new ObjectMapper().readTree(again.out()).path("model_version").asText())
                .as("training is deterministic").isEqualTo(report.path("model_version").asText());

        CliTest.Result analyzed = CliTest.run("analyze", "--model", model.toString(), articles.resolve("a0.txt").toString());
        assertThat(analyzed.exit()).as(analyzed.err()).isZero();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : analyzed.out().strip().split("\n")) {
            rows.add(new ObjectMapper().readTree(line));
        }
        assertThat(rows).hasSize(SENTENCES.length);
        assertThat(rows).anyMatch(n -> n.path("confidence").isNumber());
        assertThat(rows).anyMatch(n -> n.path("cues").toString().contains("model:"));

        CliTest.Result rulesOnly = CliTest.run("analyze", "--model", "none", articles.resolve("a0.txt").toString());
        assertThat(rulesOnly.out()).doesNotContain("\"confidence\"").doesNotContain("model:");
    }

    @Test
    void aModelTrainedOnAnEncoderFileFindsItBesideItself(@TempDir Path dir) throws Exception {
        Path articles = Files.createDirectories(dir.resolve("articles"));
        List<String> labels = new ArrayList<>();
        StringBuilder text = new StringBuilder("# source: https://news.example/e\n# date: 2025-03-01\n\n");
        for (String[] s : SENTENCES) {
            text.append(s[0]).append('\n');
            labels.add(String.format("{\"article\": \"e.txt\", \"snippet\": \"%s\", \"speaker\": \"\", \"holder\": \"%s\", \"stance\": \"%s\"}",
                    s[0], s[1].equals("NONE") ? "" : "X", s[1]));
        }
        Files.writeString(articles.resolve("e.txt"), text);
        Path labelFile = Files.write(dir.resolve("labels.jsonl"), labels);
        Path encoder = dir.resolve("beside-encoder.onnx");
        try (var in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-q.onnx")) {
            Files.copy(in, encoder);
        }
        Path model = dir.resolve("model.txt");
        CliTest.Result trained = CliTest.run("train", labelFile.toString(), articles.toString(), "--encoder", encoder.toString(),
                "--folds", "0", "--out", model.toString());
        assertThat(trained.exit()).as(trained.err()).isZero();
        assertThat(Files.readString(model)).contains("encoder beside-encoder\n");
        // Another process knows no encoder but the bundled ones: the model finds its own beside itself.
        Path shipped = Files.createDirectories(dir.resolve("shipped"));
        Files.writeString(shipped.resolve("model.txt"), Files.readString(model).replace("encoder beside-encoder", "encoder shipped-encoder"));
        Files.copy(encoder, shipped.resolve("shipped-encoder.onnx"));
        CliTest.Result analyzed = CliTest.run("analyze", "--model", shipped.resolve("model.txt").toString(),
                articles.resolve("e.txt").toString());
        assertThat(analyzed.exit()).as(analyzed.err()).isZero();
        assertThat(analyzed.out()).contains("\"confidence\"");

        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path moved = elsewhere.resolve("model.txt");
        Files.writeString(moved, Files.readString(model).replace("encoder beside-encoder", "encoder missing-encoder"));
        CliTest.Result missing = CliTest.run("analyze", "--model", moved.toString(), articles.resolve("e.txt").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip()).contains("put missing-encoder.onnx beside it").doesNotContain("\n");
    }

    @Test
    void anUnknownEncoderIsAOneLineError(@TempDir Path dir) throws Exception {
        Path labels = Files.writeString(dir.resolve("l.jsonl"), "");
        CliTest.Result r = CliTest.run("train", labels.toString(), dir.toString(), "--encoder", "no-such-encoder");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("parley train: unknown sentence encoder no-such-encoder").doesNotContain("\n");
    }

    @Test
    void aMissingModelFileIsAOneLineError() {
        CliTest.Result r = CliTest.run("analyze", "--model", "/no/such/model.txt", "-");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("parley analyze: no such model file: /no/such/model.txt");
    }
}

package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The analyze contract that {@code shared/eval/score.py} reads, on the labelled dev articles:
 * every line's offsets point at its text in the file, and every labelled snippet lies in a
 * statement. Skipped, with a message, where {@code ../shared} is absent (a user's clone); CI has it.
 */
class DevSetAnalyzeTest {

    private static final Path SHARED = Path.of(System.getProperty("parley.shared.dir", "../../shared"));
    private static final Path ARTICLES = SHARED.resolve("eval/dev/articles");

    @Test
    void offsetsPointAtTheStatementTextAndCoverEveryLabelledSnippet() throws Exception {
        assumeTrue(Files.isDirectory(ARTICLES), "shared/eval/dev is absent at " + SHARED.toAbsolutePath() + ": skipped");
        List<Path> files;
        try (Stream<Path> s = Files.list(ARTICLES)) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        List<String> args = new ArrayList<>(List.of("analyze"));
        files.forEach(f -> args.add(f.toString()));
        CliTest.Result r = CliTest.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : r.out().lines().toList()) {
            lines.add(json.readTree(l));
        }
        assertThat(lines).hasSizeGreaterThan(files.size());
        for (JsonNode line : lines) {
            String content = Files.readString(Path.of(line.get("source").asText()), StandardCharsets.UTF_8);
            assertThat(content.substring(line.get("start").asInt(), line.get("end").asInt())).isEqualTo(line.get("text").asText());
            assertThat(line.get("stance").asText()).isIn("OPEN", "CONDITIONAL", "CLOSED", "NONE");
        }

        int snippets = 0;
        for (String label : Files.readAllLines(SHARED.resolve("eval/dev/labels.jsonl"), StandardCharsets.UTF_8)) {
            if (label.isBlank()) {
                continue;
            }
            JsonNode l = json.readTree(label);
            String article = l.get("article").asText();
            String content = Files.readString(ARTICLES.resolve(article), StandardCharsets.UTF_8);
            int start = content.indexOf(l.get("snippet").asText());
            int end = start + l.get("snippet").asText().length();
            boolean covered = lines.stream().anyMatch(line -> line.get("source").asText().endsWith(article)
                    && line.get("start").asInt() < end && start < line.get("end").asInt());
            assertThat(covered).as("snippet of %s at %d is in some statement", article, start).isTrue();
            snippets++;
        }
        assertThat(snippets).isPositive();
    }
}

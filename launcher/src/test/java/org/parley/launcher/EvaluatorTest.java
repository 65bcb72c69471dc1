package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.avro.Stance;
import org.parley.enrich.Enricher;

class EvaluatorTest {

    @Test
    void figuresFollowScorePyOnAHandCheckedExample(@TempDir Path dir) throws Exception {
        Path articles = Files.createDirectories(dir.resolve("articles"));
        Files.writeString(articles.resolve("a.txt"), "# date: 2024-06-01\n\n"
                + "Peskov said Russia is ready for talks. The weather was fine. Zelensky said the talks were a farce.");
        Path labels = Files.writeString(dir.resolve("labels.jsonl"), String.join("\n",
                "{\"article\": \"a.txt\", \"snippet\": \"Peskov said Russia is ready for talks.\", \"speaker\": \"Dmitry Peskov\", \"holder\": \"RUS\", \"stance\": \"OPEN\"}",
                "{\"article\": \"a.txt\", \"snippet\": \"The weather was fine.\", \"speaker\": \"\", \"holder\": \"\", \"stance\": \"NONE\"}",
                "{\"article\": \"a.txt\", \"snippet\": \"the talks were a farce\", \"speaker\": \"Volodymyr Zelensky\", \"holder\": \"UKR\", \"stance\": \"CONDITIONAL\"}",
                ""));
        // The rules alone, so that the example checks the scoring, not the model of the day.
        Evaluator.Report r = new Evaluator(new Analyzer(Enricher.rulesOnly())).evaluate(labels, articles);
        assertThat(r.items()).isEqualTo(3);
        assertThat(r.jointAccuracy()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(r.f1()).containsEntry(Stance.OPEN, 1.0).containsEntry(Stance.NONE, 1.0)
                .containsEntry(Stance.CONDITIONAL, 0.0).containsEntry(Stance.CLOSED, 0.0);
        assertThat(r.macroF1()).isCloseTo(0.5, within(1e-9));
        assertThat(r.speakerAccuracy()).isEqualTo(1.0);
        assertThat(r.confusion()).containsEntry("CONDITIONAL->CLOSED", 1).containsEntry("OPEN->OPEN", 1);
        assertThat(r.misses()).singleElement().satisfies(m -> {
            assertThat(m.goldStance()).isEqualTo(Stance.CONDITIONAL);
            assertThat(m.gotStance()).isEqualTo(Stance.CLOSED);
        });
    }

    @Test
    void surnameRuleIsScorePys() {
        assertThat(Evaluator.surnameMatches("Sergey Kislitsa", "Sergey Kislitsa")).isTrue();
        assertThat(Evaluator.surnameMatches("Sergey Kislitsa", "Sergiy Kyslytsya")).isFalse();
        assertThat(Evaluator.surnameMatches("the Kremlin", "Kremlin")).isTrue();
        assertThat(Evaluator.surnameMatches("Dmitry Peskov", null)).isFalse();
    }
}

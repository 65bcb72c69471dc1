package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.parley.enrich.Enricher;

/**
 * The enricher's quality bar on the labelled dev set of real articles ({@code ../shared/eval/dev}),
 * scored as score.py scores it: macro-F1 at least 0.80, joint holder+stance accuracy and speaker
 * accuracy at least 0.85. Skipped, with a message, where {@code ../shared} is absent.
 */
class DevSetEvaluationTest {

    private static final Path DEV = Path.of(System.getProperty("parley.shared.dir", "../../shared"), "eval", "dev");

    @Test
    void enricherMeetsTheTargetsOnTheDevSet() throws Exception {
        assumeTrue(Files.isRegularFile(DEV.resolve("labels.jsonl")), "shared/eval/dev absent at " + DEV.toAbsolutePath() + ": skipped");
        Evaluator.Report r = new Evaluator(new Analyzer(Enricher.bundled())).evaluate(DEV.resolve("labels.jsonl"), DEV.resolve("articles"));
        System.out.printf("dev set: items=%d joint_accuracy=%.4f macro_f1=%.4f speaker_accuracy=%.4f%n",
                r.items(), r.jointAccuracy(), r.macroF1(), r.speakerAccuracy());
        assertThat(r.macroF1()).as("macro-F1").isGreaterThanOrEqualTo(0.80);
        assertThat(r.jointAccuracy()).as("joint accuracy").isGreaterThanOrEqualTo(0.85);
        assertThat(r.speakerAccuracy()).as("speaker accuracy").isGreaterThanOrEqualTo(0.85);
    }
}

package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.parley.enrich.Enricher;
import org.parley.enrich.model.StanceHead;

/** The stance model in the jar is the one trained on the corpus in the repository, and rulesVersion names it. */
class BundledModelTest {

    private static final Path CORPUS = Path.of("..", "corpus", "train");

    @Test
    void theBundledModelWasTrainedOnTheCommittedCorpus() throws IOException {
        StanceHead head = StanceHead.bundled();
        assertThat(head).as("parley/enrich/stance-head.txt is in the jar").isNotNull();
        byte[] labels = Files.readAllBytes(CORPUS.resolve("labels.jsonl"));
        Set<String> names = new TreeSet<>();
        for (Evaluator.Label l : Evaluator.readLabels(CORPUS.resolve("labels.jsonl"))) {
            names.add(l.article());
        }
        String hash = TrainCommand.dataHash(labels, names, n -> {
            try {
                return Files.readString(CORPUS.resolve("articles").resolve(n));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(head.dataHash())
                .as("retrain after changing corpus/train: ./parley train corpus/train/labels.jsonl corpus/train/articles "
                        + "--out enrich/src/main/resources/parley/enrich/stance-head.txt")
                .isEqualTo(hash);
    }

    @Test
    void theModelIsPartOfTheRulesVersion() {
        assertThat(Enricher.bundled().rulesVersion()).isNotEqualTo(Enricher.rulesOnly().rulesVersion());
        assertThat(Enricher.bundled().head().version()).isEqualTo(StanceHead.bundled().version());
    }
}

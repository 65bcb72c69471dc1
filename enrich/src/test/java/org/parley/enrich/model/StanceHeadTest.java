package org.parley.enrich.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.liblinear.Feature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.avro.Stance;

class StanceHeadTest {

    /** Vectors around one centre per stance, so that a linear model can tell them apart. */
    private static List<StanceHead.Example> examples(long seed, int perClass, StanceHead.Settings s) {
        Random r = new Random(seed);
        List<StanceHead.Example> out = new ArrayList<>();
        for (Stance stance : Stance.values()) {
            for (int i = 0; i < perClass; i++) {
                float[] v = new float[SentenceEncoder.DIMENSIONS];
                for (int d = 0; d < v.length; d++) {
                    v[d] = (float) (r.nextGaussian() * 0.05 + (d % 4 == stance.ordinal() ? 0.08 : 0));
                }
                out.add(new StanceHead.Example(StanceFeatures.of(v, EnumSet.noneOf(StanceFeatures.Flag.class), "", s.wordBuckets()),
                        stance));
            }
        }
        return out;
    }

    @Test
    void learnsSeparableStancesAndSaysHowSureItIs() {
        StanceHead.Settings s = new StanceHead.Settings(0, 3.0, true);
        StanceHead head = StanceHead.train(examples(1, 80, s), s, "test");
        int right = 0;
        List<StanceHead.Example> test = examples(2, 50, s);
        for (StanceHead.Example e : test) {
            StanceHead.Prediction p = head.predict(e.features());
            assertThat(p.confidence()).isBetween(0.25, 1.0);
            if (p.stance() == e.stance()) {
                right++;
            }
        }
        assertThat(right).as("held-out accuracy").isGreaterThan((int) (test.size() * 0.9));
    }

    @Test
    void trainingIsDeterministicAndTheFileReadsBackTheSame(@TempDir Path dir) throws Exception {
        StanceHead.Settings s = new StanceHead.Settings(64, 1.0, false);
        StanceHead a = StanceHead.train(examples(3, 30, s), s, "data-1");
        StanceHead b = StanceHead.train(examples(3, 30, s), s, "data-1");
        assertThat(a.version()).isEqualTo(b.version());
        Path file = dir.resolve("head.txt");
        a.save(file);
        StanceHead read = StanceHead.load(file);
        assertThat(read.version()).isEqualTo(a.version());
        assertThat(read.dataHash()).isEqualTo("data-1");
        assertThat(read.settings()).isEqualTo(s);
        for (StanceHead.Example e : examples(4, 5, s)) {
            assertThat(read.predict(e.features())).isEqualTo(a.predict(e.features()));
        }
        StanceHead other = StanceHead.train(examples(3, 30, s), s, "data-2");
        assertThat(other.version()).as("the data hash is part of the version").isNotEqualTo(a.version());
    }

    @Test
    void aFileThatIsNoModelIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "hello\n");
        assertThatThrownBy(() -> StanceHead.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("notes.txt").hasMessageContaining("not a Parley stance model");
        Files.writeString(file, "format parley-stance-head-1\nencoder some-other-encoder\nliblinear\n");
        assertThatThrownBy(() -> StanceHead.load(file)).hasMessageContaining("some-other-encoder");
    }

    @Test
    void wordFeaturesAreSortedAndCounted() {
        Feature[] f = StanceFeatures.of(new float[SentenceEncoder.DIMENSIONS], EnumSet.of(StanceFeatures.Flag.CUE_OPEN),
                "talks talks resume", 1 << 10);
        for (int i = 1; i < f.length; i++) {
            assertThat(f[i].getIndex()).isGreaterThan(f[i - 1].getIndex());
        }
        assertThat(f).anyMatch(x -> x.getIndex() == 401 + StanceFeatures.Flag.CUE_OPEN.ordinal() && x.getValue() == 1.0);
    }
}

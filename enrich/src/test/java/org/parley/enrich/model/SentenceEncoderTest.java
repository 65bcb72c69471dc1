package org.parley.enrich.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentenceEncoderTest {

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Test
    void sentencesBecomeUnitVectorsThatPlaceLikeMeaningsNearEachOther() {
        SentenceEncoder e = SentenceEncoder.bundled();
        float[] ready = e.encode("The government is ready to sit down for negotiations with the rebels.");
        float[] willing = e.encode("Officials said they were willing to hold talks with the insurgents.");
        float[] grain = e.encode("Wheat futures rose three percent in Chicago on Tuesday.");
        assertThat(ready).hasSize(SentenceEncoder.DIMENSIONS);
        double norm = Math.sqrt(cosine(ready, ready));
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(cosine(ready, willing)).isGreaterThan(cosine(ready, grain) + 0.2);
    }

    @Test
    void theSameSentenceGivesTheSameVectorEveryTime() {
        SentenceEncoder e = SentenceEncoder.bundled();
        String s = "“There will be no ceasefire,” the minister said.";
        assertThat(e.encode(s)).containsExactly(e.encode(s));
    }

    @Test
    void meanPoolingSkipsPaddingAndNormalises() {
        float[][] tokens = {{3, 4}, {3, 4}, {100, 100}};
        float[] v = SentenceEncoder.meanPooled(tokens, new long[] {1, 1, 0});
        assertThat(v).containsExactly(0.6f, 0.8f);
    }

    @Test
    void fineTuningPullsReadinessAndRefusalOnTheSameTopicApart() {
        String ready = "The government said it was ready to resume peace talks with the rebels.";
        String refuses = "The government said it refuses to resume peace talks with the rebels.";
        SentenceEncoder base = SentenceEncoder.named(SentenceEncoder.BASE);
        SentenceEncoder tuned = SentenceEncoder.bundled();
        assertThat(cosine(tuned.encode(ready), tuned.encode(refuses))).isLessThan(cosine(base.encode(ready), base.encode(refuses)));
        assertThat(tuned.trainedOn()).as("the data it was fine-tuned on").hasSize(16);
        assertThat(base.trainedOn()).isNull();
    }

    @Test
    void anEncoderFileIsKnownByItsFileNameAndReadWithTheBaseTokenizer(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("my-encoder.onnx");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(SentenceEncoder.BASE + ".onnx")) {
            Files.copy(in, file);
        }
        SentenceEncoder e = SentenceEncoder.fromFile(file);
        assertThat(e.name()).isEqualTo("my-encoder");
        assertThat(SentenceEncoder.named("my-encoder")).isSameAs(e);
        String s = "Talks will resume in Doha next week, the mediators said.";
        assertThat(e.encode(s)).containsExactly(SentenceEncoder.named(SentenceEncoder.BASE).encode(s));
    }
}

package org.parley.enrich.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}

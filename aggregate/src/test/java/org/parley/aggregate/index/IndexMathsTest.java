package org.parley.aggregate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.parley.avro.Stance;

class IndexMathsTest {

    private final Decay week = new Decay(Duration.ofDays(7));

    @Test
    void aStatementWeighsHalfAsMuchAsOneAHalfLifeNewer() {
        Instant t = Instant.parse("2024-06-01T10:00:00Z");
        Instant anchor = week.anchor(t.plus(Duration.ofDays(30)));
        assertThat(week.weight(t, anchor) * 2).isCloseTo(week.weight(t.plus(Duration.ofDays(7)), anchor), within(1e-12));
        assertThat(anchor).isBeforeOrEqualTo(t.plus(Duration.ofDays(30)));
    }

    @Test
    void movingTheAnchorScalesEveryWeightByTheSamePowerOfTwoExactly() {
        Instant t = Instant.parse("2023-02-03T04:05:06.789Z");
        Instant a1 = week.anchor(t);
        Instant a2 = week.anchor(t.plus(Duration.ofDays(7L * Decay.GRID * 3)));
        assertThat(a2).isAfter(a1);
        assertThat(week.weight(t, a1) * week.shift(a1, a2)).isEqualTo(week.weight(t, a2));
        Decay baseline = new Decay(Duration.ofDays(28));
        assertThat(baseline.weight(t, a1) * baseline.shift(a1, a2)).isEqualTo(baseline.weight(t, a2));
    }

    @Test
    void aSpeakersPullIsTheMeanWithThemMinusTheMeanWithoutThem() {
        Tally lavrov = Tally.EMPTY.plus(Stance.CLOSED, -0.5).plus(Stance.CLOSED, -0.5);
        Tally putin = Tally.EMPTY.plus(Stance.CONDITIONAL, 0.2);
        Tally all = lavrov.plus(putin);
        assertThat(all.pull(lavrov)).isCloseTo(-0.8 / 3 - 0.2, within(1e-12));
        assertThat(all.pull(putin)).isCloseTo(-0.8 / 3 + 0.5, within(1e-12));
        assertThat(putin.pull(putin)).as("alone: the mean itself").isCloseTo(0.2, within(1e-12));
    }

    @Test
    void aTrendIsAChangeBeyondTheBand() {
        assertThat(Trend.of(null, 0.3, 0.1)).isEqualTo(Trend.UNKNOWN);
        assertThat(Trend.of(0.2, 0.25, 0.1)).isEqualTo(Trend.STEADY);
        assertThat(Trend.of(0.2, 0.35, 0.1)).isEqualTo(Trend.OPENING);
        assertThat(Trend.of(0.2, -0.1, 0.1)).isEqualTo(Trend.CLOSING);
    }
}

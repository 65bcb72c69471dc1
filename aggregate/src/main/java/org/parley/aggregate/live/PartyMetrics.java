package org.parley.aggregate.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.avro.DeadLetter;
import org.parley.avro.PartyOpenness;
import org.parley.avro.StanceAlert;

/**
 * Per-party gauges ({@code parley.party.index}, {@code .band}, {@code .statements} tagged with the
 * party) and counters of alerts ({@code parley.alerts} by party and kind) and of dead letters
 * ({@code parley.dead.letters.topic} by stage and reason), from the live feed.
 */
public final class PartyMetrics implements LiveFeed.Listener {

    private final MeterRegistry registry;
    private final Map<String, PartyOpenness> latest = new ConcurrentHashMap<>();

    public PartyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void snapshot(PartyOpenness p) {
        if (latest.put(p.getParty(), p) == null) {
            String party = p.getParty();
            Gauge.builder("parley.party.index", latest, m -> m.get(party).getIndex()).tag("party", party)
                    .description("Openness index of the party, in [-1, 1]").register(registry);
            Gauge.builder("parley.party.band", latest, m -> m.get(party).getBand()).tag("party", party)
                    .description("Half-width of the index's 95% band").register(registry);
            Gauge.builder("parley.party.statements", latest, m -> m.get(party).getStatements()).tag("party", party)
                    .description("Statements with a stance counted for the party").register(registry);
        }
    }

    @Override
    public void alert(StanceAlert a) {
        Counter.builder("parley.alerts").tag("party", a.getParty()).tag("kind", a.getKind().name())
                .description("Alerts raised").register(registry).increment();
    }

    @Override
    public void deadLetter(DeadLetter d) {
        Counter.builder("parley.dead.letters.topic").tag("stage", d.getStage()).tag("reason", d.getErrorType())
                .description("Records on the dead-letter topic since start, from every stage and instance, by stage and reason")
                .register(registry).increment();
    }
}

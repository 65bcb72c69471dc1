package org.parley.aggregate.http;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import org.parley.aggregate.http.Bodies.AlertBody;
import org.parley.aggregate.http.Bodies.Condition;
import org.parley.aggregate.http.Bodies.ConditionEvidence;
import org.parley.aggregate.http.Bodies.History;
import org.parley.aggregate.http.Bodies.HistoryPoint;
import org.parley.aggregate.http.Bodies.Mention;
import org.parley.aggregate.http.Bodies.PartyDetail;
import org.parley.aggregate.http.Bodies.PartySummary;
import org.parley.aggregate.http.Bodies.SpeakerPull;
import org.parley.aggregate.http.Bodies.StatementBody;
import org.parley.aggregate.http.Bodies.WindowFigures;
import java.util.List;
import java.util.Map;
import org.parley.aggregate.AggregateSettings;
import org.parley.aggregate.evidence.ConditionView;
import org.parley.aggregate.evidence.StatementView;
import org.parley.aggregate.index.DecayedIndex;
import org.parley.aggregate.index.OpennessAccumulator;
import org.parley.aggregate.index.Direction;
import org.parley.aggregate.index.Tally;
import org.parley.aggregate.index.Trend;
import org.parley.avro.PartyOpenness;
import org.parley.avro.StanceAlert;

/**
 * The bodies of the API ({@link Bodies}), built from one instance's stores: the party view with its windows,
 * per-speaker breakdown, conditions, trend and evidence, and the history series.
 */
public final class PartyViews {

    /** How far back buckets still weigh in a decayed index: 2^-12 of a statement's weight is left out. */
    static final int HALF_LIVES_BACK = 12;
    static final int TOP_SPEAKERS = 10;
    static final int TOP_EVIDENCE = 5;
    static final int EVIDENCE_PER_CONDITION = 3;

    private final OpennessQuery query;
    private final List<Windows.Window> windows;
    private final AggregateSettings settings;

    PartyViews(OpennessQuery query, List<Windows.Window> windows, AggregateSettings settings) {
        this.query = query;
        this.windows = windows;
        this.settings = settings;
    }

    /** GET /api/parties/{code}: the snapshot, each window as of {@code at}, the trend over the last week, and the latest evidence. */
    PartyDetail party(PartyOpenness p, Instant at) {
        String code = p.getParty();
        Duration halfLife = settings.halfLife();
        // Evidence is kept for the retention before the party's latest statement: what is older is
        // never shown, whether or not it has been deleted yet, so the answer does not depend on when.
        Instant keptSince = p.getLastStatementAt().minus(settings.retention());
        Map<String, WindowFigures> byWindow = new LinkedHashMap<>();
        for (Windows.Window w : windows) {
            Instant from = at.minus(w.length());
            List<OpennessQuery.Bucket> buckets = query.buckets(code, from.truncatedTo(ChronoUnit.HOURS), at);
            Tally t = total(buckets);
            byWindow.put(w.name(), new WindowFigures(from.toString(), at.toString(), t.statements(), t.open(), t.conditional(),
                    t.closed(), round(t.meanScore()), speakers(buckets),
                    conditions(query.conditions(code, from.isAfter(keptSince) ? from : keptSince, at))));
        }
        Instant weekAgo = at.minus(Duration.ofDays(7));
        List<OpennessQuery.Bucket> past = query.buckets(code, weekAgo.minus(halfLife.multipliedBy(HALF_LIVES_BACK)), at);
        DecayedIndex index = new DecayedIndex(past, halfLife);
        Double then = index.at(weekAgo);
        Double now = index.at(at);
        Double change = now == null || then == null ? null : now - then;
        Bodies.Trend trend = new Bodies.Trend(weekAgo.toString(), round(then), round(now), round(change),
                Trend.of(then, now, p.getBand()).name());
        List<StatementBody> evidence = query.statements(code, keptSince, TOP_EVIDENCE).stream().map(PartyViews::statement).toList();
        return new PartyDetail(summary(p), byWindow, trend, evidence);
    }

    /** GET /api/parties/{code}/history: one point per step from {@code from} to {@code to}, with the decayed index, its band and baseline at each step's end. */
    History history(String code, Instant from, Instant to, Duration step, Duration halfLife) {
        // The baseline decays four times more slowly: its buckets reach four times further back.
        List<OpennessQuery.Bucket> buckets = query.buckets(code,
                from.minus(halfLife.multipliedBy((long) HALF_LIVES_BACK * OpennessAccumulator.BASELINE_FACTOR)), to);
        List<HistoryPoint> points = new ArrayList<>();
        // One sweep over the buckets (sorted by hour) for the steps and one for the index, so a long
        // series costs no more than its points and buckets.
        DecayedIndex index = new DecayedIndex(buckets, halfLife);
        int next = 0;
        while (next < buckets.size() && buckets.get(next).hour().isBefore(from)) {
            next++;
        }
        for (Instant start = from; !start.isAfter(to); start = start.plus(step)) {
            Instant end = start.plus(step).isAfter(to) ? to : start.plus(step);
            boolean last = end.equals(to);
            List<OpennessQuery.Bucket> inStep = new ArrayList<>();
            while (next < buckets.size() && (buckets.get(next).hour().isBefore(end) || last && !buckets.get(next).hour().isAfter(end))) {
                inStep.add(buckets.get(next++));
            }
            Tally t = total(inStep);
            DecayedIndex.Figures f = index.figuresAt(end);
            points.add(new HistoryPoint(start.toString(), end.toString(), t.statements(), t.open(), t.conditional(), t.closed(),
                    round(t.meanScore()), f == null ? null : round(f.index()), f == null ? null : round(f.band()),
                    f == null ? null : round(f.baseline())));
        }
        return new History(code, from.toString(), to.toString(), step.toString(), halfLife.toString(), points);
    }

    private static Tally total(List<OpennessQuery.Bucket> buckets) {
        Tally total = Tally.EMPTY;
        for (OpennessQuery.Bucket b : buckets) {
            total = total.plus(b.tally());
        }
        return total;
    }

    /**
     * Who is moving the window: each speaker's statements and mean score, and their pull, how far
     * their statements move the window's mean from where it would be without them.
     */
    static List<SpeakerPull> speakers(List<OpennessQuery.Bucket> buckets) {
        Map<String, Tally> by = new HashMap<>();
        for (OpennessQuery.Bucket b : buckets) {
            by.merge(b.speaker(), b.tally(), Tally::plus);
        }
        Tally total = by.values().stream().reduce(Tally.EMPTY, Tally::plus);
        return by.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Tally> e) -> e.getValue().statements()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(TOP_SPEAKERS)
                .map(e -> {
                    Tally t = e.getValue();
                    return new SpeakerPull(e.getKey().isEmpty() ? null : e.getKey(), t.statements(), t.open(), t.conditional(),
                            t.closed(), round(t.meanScore()), round(total.pull(t)));
                })
                .toList();
    }

    /**
     * The conditions stated in a window, one entry per topic, ranked by how many statements state
     * it, then by how recently; copies of one statement count once.
     */
    static List<Condition> conditions(List<ConditionView> found) {
        Map<String, List<ConditionView>> byTopic = new LinkedHashMap<>();
        for (ConditionView c : found) {
            byTopic.computeIfAbsent(c.topic(), k -> new ArrayList<>()).add(c);
        }
        List<Condition> out = new ArrayList<>();
        for (var e : byTopic.entrySet()) {
            List<ConditionView> cs = new ArrayList<>(e.getValue());
            cs.sort(Comparator.comparing(ConditionView::publishedAt).reversed());
            out.add(new Condition(e.getKey(), cs.stream().map(ConditionView::statementKey).distinct().count(), cs.get(0).publishedAt(),
                    cs.stream().limit(EVIDENCE_PER_CONDITION)
                            .map(c -> new ConditionEvidence(c.text(), c.statement(), c.speaker(), c.url(), c.publishedAt())).toList()));
        }
        out.sort(Comparator.comparingLong(Condition::statements).reversed()
                .thenComparing(Condition::lastStatedAt, Comparator.reverseOrder()));
        return out;
    }

    static StatementBody statement(StatementView s) {
        return new StatementBody(s.id(), s.party(), s.speaker(), s.speakerRole(), s.stance(), s.score(), s.confidence(), s.text(),
                s.url(), s.source(), s.publishedAt(), s.cues(),
                s.mentions().stream().map(x -> new Mention(x.source(), x.url(), x.publishedAt())).toList());
    }

    public static AlertBody alert(StanceAlert a) {
        return new AlertBody(a.getId(), a.getParty(), a.getKind().name(), a.getFromDirection(), a.getToDirection(),
                round(a.getPreviousMean()), round(a.getCurrentMean()), round(a.getPreviousIndex()), round(a.getCurrentIndex()),
                round(a.getBaseline()), round(a.getBand()), a.getSensitivity(), a.getMessage(), a.getStatementText(), a.getSpeaker(),
                a.getSpeakerRole(), a.getStance(), a.getUrl(), a.getStatementAt().toString());
    }

    public static PartySummary summary(PartyOpenness p) {
        return new PartySummary(p.getParty(), p.getStatements(), round(p.getMeanScore()), Direction.of(p.getMeanScore()).name(),
                round(p.getIndex()), round(p.getBand()), round(p.getBaseline()), Math.round(p.getEffectiveStatements() * 100) / 100.0,
                p.getOpen(), p.getConditional(), p.getClosed(), p.getFirstStatementAt().toString(), p.getLastStatementAt().toString(),
                p.getLastSpeaker(), p.getLastText());
    }

    static Double round(Double v) {
        return v == null ? null : Math.round(v * 1000) / 1000.0;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

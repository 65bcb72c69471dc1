package org.parley.aggregate.http;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.aggregate.AggregateSettings;
import org.parley.aggregate.evidence.ConditionView;
import org.parley.aggregate.evidence.StatementView;
import org.parley.aggregate.index.DecayedIndex;
import org.parley.aggregate.index.Direction;
import org.parley.aggregate.index.Tally;
import org.parley.aggregate.index.Trend;
import org.parley.avro.PartyOpenness;
import org.parley.avro.StanceAlert;

/**
 * The JSON bodies of the API, built from one instance's stores: the party view with its windows,
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
    Map<String, Object> party(PartyOpenness p, Instant at) {
        Map<String, Object> body = summary(p);
        String code = p.getParty();
        Duration halfLife = settings.halfLife();
        // Evidence is kept for the retention before the party's latest statement: what is older is
        // never shown, whether or not it has been deleted yet, so the answer does not depend on when.
        Instant keptSince = p.getLastStatementAt().minus(settings.retention());
        Map<String, Object> byWindow = new LinkedHashMap<>();
        for (Windows.Window w : windows) {
            Instant from = at.minus(w.length());
            List<OpennessQuery.Bucket> buckets = query.buckets(code, from.truncatedTo(ChronoUnit.HOURS), at);
            Map<String, Object> m = span(from, at, buckets);
            m.put("speakers", speakers(buckets));
            m.put("conditions", conditions(query.conditions(code, from.isAfter(keptSince) ? from : keptSince, at)));
            byWindow.put(w.name(), m);
        }
        body.put("windows", byWindow);
        Instant weekAgo = at.minus(Duration.ofDays(7));
        List<OpennessQuery.Bucket> past = query.buckets(code, weekAgo.minus(halfLife.multipliedBy(HALF_LIVES_BACK)), at);
        DecayedIndex index = new DecayedIndex(past, halfLife);
        Double then = index.at(weekAgo);
        Double now = index.at(at);
        Map<String, Object> trend = new LinkedHashMap<>();
        trend.put("since", weekAgo.toString());
        trend.put("indexThen", round(then));
        trend.put("indexNow", round(now));
        Double change = now == null || then == null ? null : now - then;
        trend.put("change", round(change));
        trend.put("direction", Trend.of(then, now, p.getBand()).name());
        body.put("trend", trend);
        body.put("evidence", query.statements(code, keptSince, TOP_EVIDENCE).stream().map(PartyViews::statement).toList());
        return body;
    }

    /** GET /api/parties/{code}/history: one point per step from {@code from} to {@code to}, with the decayed index at each step's end. */
    Map<String, Object> history(String code, Instant from, Instant to, Duration step, Duration halfLife) {
        List<OpennessQuery.Bucket> buckets = query.buckets(code, from.minus(halfLife.multipliedBy(HALF_LIVES_BACK)), to);
        List<Map<String, Object>> points = new ArrayList<>();
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
            Map<String, Object> point = span(start, end, inStep);
            point.put("index", round(index.at(end)));
            points.add(point);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("step", step.toString());
        body.put("halfLife", halfLife.toString());
        body.put("points", points);
        return body;
    }

    static Map<String, Object> span(Instant from, Instant to, List<OpennessQuery.Bucket> buckets) {
        Tally total = Tally.EMPTY;
        for (OpennessQuery.Bucket b : buckets) {
            total = total.plus(b.tally());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from.toString());
        m.put("to", to.toString());
        m.put("statements", total.statements());
        m.put("open", total.open());
        m.put("conditional", total.conditional());
        m.put("closed", total.closed());
        m.put("meanScore", round(total.meanScore()));
        return m;
    }

    /**
     * Who is moving the window: each speaker's statements and mean score, and their pull, how far
     * their statements move the window's mean from where it would be without them.
     */
    static List<Map<String, Object>> speakers(List<OpennessQuery.Bucket> buckets) {
        Map<String, Tally> by = new HashMap<>();
        for (OpennessQuery.Bucket b : buckets) {
            by.merge(b.speaker(), b.tally(), Tally::plus);
        }
        Tally total = by.values().stream().reduce(Tally.EMPTY, Tally::plus);
        List<Map<String, Object>> out = new ArrayList<>();
        by.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Tally> e) -> e.getValue().statements()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(TOP_SPEAKERS)
                .forEach(e -> {
                    Tally t = e.getValue();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("speaker", e.getKey().isEmpty() ? null : e.getKey());
                    m.put("statements", t.statements());
                    m.put("open", t.open());
                    m.put("conditional", t.conditional());
                    m.put("closed", t.closed());
                    m.put("meanScore", round(t.meanScore()));
                    m.put("pull", round(total.pull(t)));
                    out.add(m);
                });
        return out;
    }

    /**
     * The conditions stated in a window, one entry per topic, ranked by how many statements state
     * it, then by how recently; copies of one statement count once.
     */
    static List<Map<String, Object>> conditions(List<ConditionView> found) {
        Map<String, List<ConditionView>> byTopic = new LinkedHashMap<>();
        for (ConditionView c : found) {
            byTopic.computeIfAbsent(c.topic(), k -> new ArrayList<>()).add(c);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (var e : byTopic.entrySet()) {
            List<ConditionView> cs = new ArrayList<>(e.getValue());
            cs.sort(Comparator.comparing(ConditionView::publishedAt).reversed());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topic", e.getKey());
            m.put("statements", cs.stream().map(ConditionView::statementKey).distinct().count());
            m.put("lastStatedAt", cs.get(0).publishedAt());
            m.put("evidence", cs.stream().limit(EVIDENCE_PER_CONDITION).map(c -> {
                Map<String, Object> ev = new LinkedHashMap<>();
                ev.put("text", c.text());
                ev.put("statement", c.statement());
                ev.put("speaker", c.speaker());
                ev.put("url", c.url());
                ev.put("publishedAt", c.publishedAt());
                return ev;
            }).toList());
            out.add(m);
        }
        out.sort(Comparator.comparingLong((Map<String, Object> m) -> (Long) m.get("statements")).reversed()
                .thenComparing(m -> (String) m.get("lastStatedAt"), Comparator.reverseOrder()));
        return out;
    }

    static Map<String, Object> statement(StatementView s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("party", s.party());
        m.put("speaker", s.speaker());
        m.put("speakerRole", s.speakerRole());
        m.put("stance", s.stance());
        m.put("score", s.score());
        m.put("confidence", s.confidence());
        m.put("text", s.text());
        m.put("url", s.url());
        m.put("source", s.source());
        m.put("publishedAt", s.publishedAt());
        m.put("cues", s.cues());
        m.put("mentions", s.mentions().stream().map(x -> {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("source", x.source());
            mm.put("url", x.url());
            mm.put("publishedAt", x.publishedAt());
            return mm;
        }).toList());
        return m;
    }

    public static Map<String, Object> alert(StanceAlert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.getId());
        m.put("party", a.getParty());
        m.put("kind", a.getKind().name());
        m.put("from", a.getFromDirection());
        m.put("to", a.getToDirection());
        m.put("previousMean", round(a.getPreviousMean()));
        m.put("currentMean", round(a.getCurrentMean()));
        m.put("previousIndex", round(a.getPreviousIndex()));
        m.put("currentIndex", round(a.getCurrentIndex()));
        m.put("baseline", round(a.getBaseline()));
        m.put("band", round(a.getBand()));
        m.put("sensitivity", a.getSensitivity());
        m.put("message", a.getMessage());
        m.put("statement", a.getStatementText());
        m.put("speaker", a.getSpeaker());
        m.put("speakerRole", a.getSpeakerRole());
        m.put("stance", a.getStance());
        m.put("url", a.getUrl());
        m.put("statementAt", a.getStatementAt().toString());
        return m;
    }

    public static Map<String, Object> summary(PartyOpenness p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", p.getParty());
        m.put("statements", p.getStatements());
        m.put("meanScore", round(p.getMeanScore()));
        m.put("direction", Direction.of(p.getMeanScore()).name());
        m.put("index", round(p.getIndex()));
        m.put("band", round(p.getBand()));
        m.put("baseline", round(p.getBaseline()));
        m.put("effectiveStatements", Math.round(p.getEffectiveStatements() * 100) / 100.0);
        m.put("open", p.getOpen());
        m.put("conditional", p.getConditional());
        m.put("closed", p.getClosed());
        m.put("firstStatementAt", p.getFirstStatementAt().toString());
        m.put("lastStatementAt", p.getLastStatementAt().toString());
        m.put("lastSpeaker", p.getLastSpeaker());
        m.put("lastText", p.getLastText());
        return m;
    }

    static Double round(Double v) {
        return v == null ? null : Math.round(v * 1000) / 1000.0;
    }
}

package org.parley.launcher;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.parley.avro.Stance;
import org.parley.enrich.Enricher;
import org.parley.enrich.attribution.Discourse;
import org.parley.enrich.model.StanceHead;
import org.parley.enrich.stance.ConditionExtractor;
import org.parley.ingest.extract.TextDocument;
import org.parley.ingest.split.Sentence;
import org.parley.ingest.split.StatementSplitter;

/** Ingest's splitting and enrich on one text file's content, offline: what {@code analyze} prints and {@code eval} scores. */
final class Analyzer {

    /** One statement with offsets into the whole file (header included), in UTF-16 code units. */
    record Row(int start, int end, String text, String kind, String speaker, String party, Stance stance, Double score,
               List<String> cues, String cameo, String plover, List<ConditionExtractor.Condition> conditions,
               Double confidence) {
    }

    /** One statement as the rules read it in its article, before a stance model decides (for training). */
    record Observed(int start, int end, String text, String kind, Enricher.Observation observation) {
    }

    private final StatementSplitter splitter = new StatementSplitter();
    private final Enricher enricher;

    Analyzer(Enricher enricher) {
        this.enricher = enricher;
    }

    /**
     * @param fallbackDate the publication date when the file's header gives none
     */
    List<Row> analyze(String content, LocalDate fallbackDate) {
        return decide(observe(content, fallbackDate), enricher.head());
    }

    /** Splits the file and reads each statement in context, leaving the stance to {@link #decide}. */
    List<Observed> observe(String content, LocalDate fallbackDate) {
        TextDocument doc = TextDocument.parse(content);
        LocalDate date = doc.date() != null ? doc.date() : fallbackDate;
        Discourse discourse = new Discourse();
        List<Observed> out = new ArrayList<>();
        for (Sentence s : splitter.split(doc.body())) {
            out.add(new Observed(doc.bodyOffset() + s.start(), doc.bodyOffset() + s.end(), s.text(), s.kind().name(),
                    enricher.observe(s.text(), date, s.kind(), discourse)));
        }
        return out;
    }

    /** The rows of observed statements with the given stance model (null: the rules decide). */
    List<Row> decide(List<Observed> observed, StanceHead head) {
        List<Row> rows = new ArrayList<>(observed.size());
        for (Observed o : observed) {
            Enricher.Result r = enricher.decide(o.observation(), head);
            rows.add(new Row(o.start(), o.end(), o.text(), o.kind(), r.speaker(), r.party(), r.stance(), r.score(), r.cues(),
                    r.cameo(), r.plover(), r.conditions(), r.confidence()));
        }
        return rows;
    }
}

package org.parley.launcher;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.parley.avro.Stance;
import org.parley.enrich.Enricher;
import org.parley.enrich.attribution.Discourse;
import org.parley.enrich.stance.ConditionExtractor;
import org.parley.ingest.extract.TextDocument;
import org.parley.ingest.split.Sentence;
import org.parley.ingest.split.StatementSplitter;

/** Ingest's splitting and enrich on one text file's content, offline: what {@code analyze} prints and {@code eval} scores. */
final class Analyzer {

    /** One statement with offsets into the whole file (header included), in UTF-16 code units. */
    record Row(int start, int end, String text, String kind, String speaker, String party, Stance stance, Double score,
               List<String> cues, String cameo, String plover, List<ConditionExtractor.Condition> conditions) {
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
        TextDocument doc = TextDocument.parse(content);
        LocalDate date = doc.date() != null ? doc.date() : fallbackDate;
        Discourse discourse = new Discourse();
        List<Row> rows = new ArrayList<>();
        for (Sentence s : splitter.split(doc.body())) {
            Enricher.Result r = enricher.enrich(s.text(), date, s.kind(), discourse);
            rows.add(new Row(doc.bodyOffset() + s.start(), doc.bodyOffset() + s.end(), s.text(), s.kind().name(),
                    r.speaker(), r.party(), r.stance(), r.score(), r.cues(), r.cameo(), r.plover(), r.conditions()));
        }
        return rows;
    }
}

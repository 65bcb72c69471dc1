package org.parley.aggregate;

import java.time.Instant;
import java.util.List;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.Stance;
import org.parley.avro.Statement;
import org.parley.avro.StatementKind;

/** Enriched statements for aggregate tests. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The same statement text and speaker, as another outlet or a reprocessing would carry it. */
    public static EnrichedStatement quote(String id, String text, String speaker, String party, Stance stance, Double score,
                                          String published) {
        EnrichedStatement e = enriched(id, party, stance, score, published);
        e.getStatement().setText(text);
        e.setSpeaker(speaker);
        return e;
    }

    /** A statement by a named speaker, with the conditions it states (topic and words). */
    public static EnrichedStatement said(String id, String speaker, String role, String party, Stance stance, double score,
                                         String published, String... conditions) {
        EnrichedStatement e = enriched(id, party, stance, score, published);
        e.setSpeaker(speaker);
        e.setSpeakerRole(role);
        List<org.parley.avro.Condition> cs = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < conditions.length; i += 2) {
            cs.add(new org.parley.avro.Condition(conditions[i], conditions[i + 1], 0, conditions[i + 1].length()));
        }
        e.setConditions(cs);
        return e;
    }

    /** The same statement as another outlet carried it: another id and link, the same words and speaker. */
    public static EnrichedStatement copy(EnrichedStatement e, String id, String published) {
        EnrichedStatement c = EnrichedStatement.newBuilder(e).setStatement(org.parley.avro.Statement.newBuilder(e.getStatement())
                .setId(id).setArticleId(id.split(":")[0]).setUrl("https://example.org/" + id).setSource("outlet " + id.split(":")[0])
                .setPublishedAt(Instant.parse(published)).build()).build();
        return c;
    }

    public static EnrichedStatement enriched(String id, String party, Stance stance, Double score, String published) {
        Statement s = Statement.newBuilder().setId(id).setArticleId(id.split(":")[0]).setIndex(0)
                .setText("Statement " + id).setStart(0).setEnd(10).setParagraph(0).setKind(StatementKind.REPORTED_SPEECH)
                .setPublishedAt(Instant.parse(published)).setSource("test").setUrl("https://example.org/" + id).build();
        return EnrichedStatement.newBuilder().setStatement(s).setSpeaker("Speaker " + id).setParty(party)
                .setStance(stance).setScore(score).setCues(List.of()).setRulesVersion("test")
                .setEnrichedAt(Instant.parse(published)).build();
    }
}

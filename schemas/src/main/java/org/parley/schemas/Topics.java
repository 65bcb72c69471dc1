package org.parley.schemas;

import java.util.List;
import org.parley.avro.Article;
import org.parley.avro.DeadLetter;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.PartyOpenness;
import org.parley.avro.StanceAlert;
import org.parley.avro.Statement;

/** Every topic Parley reads or writes. No topic name is spelled anywhere else. */
public final class Topics {

    public static final Topic<Article> ARTICLES = new Topic<>("parley.articles.v1", Article.class, false,
            "Ingested articles with their text, keyed by article id.");
    public static final Topic<Statement> STATEMENTS = new Topic<>("parley.statements.v1", Statement.class, false,
            "Statements split from articles, keyed by article id so an article's statements stay in order.");
    public static final Topic<EnrichedStatement> ENRICHED = new Topic<>("parley.enriched.v1", EnrichedStatement.class, false,
            "Statements with speaker, party and stance, keyed by article id.");
    public static final Topic<PartyOpenness> PARTY_OPENNESS = new Topic<>("parley.party-openness.v1", PartyOpenness.class, true,
            "Latest openness snapshot per party, keyed by party code (compacted).");
    public static final Topic<StanceAlert> ALERTS = new Topic<>("parley.alerts.v1", StanceAlert.class, false,
            "Alerts on a change of a party's stance, keyed by party code.");
    public static final Topic<DeadLetter> DEAD_LETTERS = new Topic<>("parley.dead-letters.v1", DeadLetter.class, false,
            "Input a stage refused, with the reason, keyed by stage.");

    private static final List<Topic<?>> ALL = List.of(ARTICLES, STATEMENTS, ENRICHED, PARTY_OPENNESS, ALERTS, DEAD_LETTERS);

    private Topics() {
    }

    /** All topics, in pipeline order. */
    public static List<Topic<?>> all() {
        return ALL;
    }
}

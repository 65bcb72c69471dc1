package org.parley.aggregate.evidence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.parley.avro.EnrichedStatement;

/**
 * One statement counted for a party, as the API and the dashboard show it: the words, who said
 * them, the stance, and every outlet that carried them. Syndicated copies of one quotation are
 * one statement with several mentions.
 *
 * @param key         the statement's identity (normalised text, speaker, day), hashed
 * @param confidence  the stance model's probability of the stance, or null where the rules decided
 * @param publishedAt ISO-8601 publication time of the first mention
 * @param mentions    the outlets that carried the statement, earliest first, at most {@value #MAX_MENTIONS}
 */
public record StatementView(String key, String id, String party, String speaker, String speakerRole, String stance,
                            double score, Double confidence, String text, String url, String source, String publishedAt, List<String> cues,
                            List<Mention> mentions) {

    public static final int MAX_MENTIONS = 50;

    /** One outlet's copy of the statement: the outlet is the article's host ("www.reuters.com"), else the feed. */
    public record Mention(String source, String url, String publishedAt) {

        static Mention of(org.parley.avro.Statement s) {
            String outlet = s.getSource();
            try {
                String host = s.getUrl() == null ? null : java.net.URI.create(s.getUrl()).getHost();
                outlet = host == null ? outlet : host;
            } catch (IllegalArgumentException e) {
                // not a URL: keep the feed's name
            }
            return new Mention(outlet, s.getUrl(), s.getPublishedAt().toString());
        }
    }

    public static StatementView of(String key, EnrichedStatement e) {
        var s = e.getStatement();
        return new StatementView(key, s.getId(), e.getParty(), e.getSpeaker(), e.getSpeakerRole(), e.getStance().name(),
                e.getScore(), e.getConfidence(), s.getText(), s.getUrl(), s.getSource(), s.getPublishedAt().toString(), List.copyOf(e.getCues()),
                List.of(Mention.of(s)));
    }

    /** Mentions in the order they are kept: earliest first, then by link. */
    private static final Comparator<Mention> EARLIEST = Comparator.comparing((Mention m) -> java.time.Instant.parse(m.publishedAt()))
            .thenComparing(Mention::url, Comparator.nullsFirst(Comparator.naturalOrder()));

    /**
     * This statement and another copy of it as one: the enrichment of the copy that stands (see
     * {@code PartyLedger}), and the mentions of both, earliest first, each link once, the earliest
     * {@value #MAX_MENTIONS} kept, so the result does not depend on which copy came first.
     */
    public StatementView merge(StatementView other, boolean otherStands) {
        List<Mention> all = new ArrayList<>(mentions);
        for (Mention m : other.mentions()) {
            if (all.stream().noneMatch(x -> Objects.equals(x.url(), m.url()))) {
                all.add(m);
            }
        }
        all.sort(EARLIEST);
        List<Mention> kept = List.copyOf(all.subList(0, Math.min(all.size(), MAX_MENTIONS)));
        StatementView w = otherStands ? other : this;
        Mention first = kept.get(0);
        return new StatementView(key, w.id(), party, w.speaker(), w.speakerRole(), w.stance(), w.score(), w.confidence(), w.text(),
                first.url(), first.source(), first.publishedAt(), w.cues(), kept);
    }
}

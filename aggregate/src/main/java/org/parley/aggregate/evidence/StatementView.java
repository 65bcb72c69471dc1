package org.parley.aggregate.evidence;

import java.util.ArrayList;
import java.util.List;
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

    /**
     * This statement as another copy shows it: the copy's enrichment (a re-enrichment may change
     * the stance) and this statement's mentions with the copy's added, if its link is new.
     */
    public StatementView seenAgain(StatementView copy) {
        List<Mention> all = new ArrayList<>(mentions);
        for (Mention m : copy.mentions()) {
            if (all.size() < MAX_MENTIONS && all.stream().noneMatch(x -> java.util.Objects.equals(x.url(), m.url()))) {
                all.add(m);
            }
        }
        all.sort(java.util.Comparator.comparing(Mention::publishedAt));
        String first = all.get(0).publishedAt();
        return new StatementView(key, copy.id(), party, copy.speaker(), copy.speakerRole(), copy.stance(), copy.score(),
                copy.confidence(), copy.text(), all.get(0).url(), all.get(0).source(), first.compareTo(publishedAt) < 0 ? first : publishedAt,
                copy.cues(), List.copyOf(all));
    }
}

package org.parley.enrich.stance;

import java.util.List;
import org.parley.avro.Stance;

/**
 * A stance with its evidence.
 *
 * @param score  the score in [-1, 1], or null for NONE
 * @param cues   the cue phrases that decided it, prefixed with their role ("open:ready")
 * @param anchor offset in the statement of the decisive cue, where the holder is looked for; -1 for NONE
 * @param topical whether the statement itself names talks, a ceasefire or a settlement
 * @param speakersOwn whether the decisive cue is the speaker's own act whatever the grammatical
 *                    subject: stating terms ("Armenia must amend its constitution") or dismissing
 *                    the other side's ("US demands were a joke")
 */
public record StanceDecision(Stance stance, Double score, List<String> cues, int anchor, boolean topical,
                             boolean speakersOwn) {

    public static StanceDecision none(List<String> cues, boolean topical) {
        return new StanceDecision(Stance.NONE, null, List.copyOf(cues), -1, topical, false);
    }
}

package org.parley.aggregate.alerts;

import java.util.Optional;
import org.parley.aggregate.index.Direction;
import org.parley.avro.AlertKind;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.PartyOpenness;
import org.parley.avro.StanceAlert;

/**
 * Raises an alert when a statement moves a party's mean score from leaning one way (open, mixed,
 * closed) to another: a change of stance, not a spike in volume. A party's first statement sets
 * its baseline and raises nothing.
 */
public final class DirectionChangeRule {

    private DirectionChangeRule() {
    }

    public static Optional<StanceAlert> check(PartyOpenness before, PartyOpenness after, EnrichedStatement cause) {
        if (before == null) {
            return Optional.empty();
        }
        Direction from = Direction.of(before.getMeanScore());
        Direction to = Direction.of(after.getMeanScore());
        if (from == to) {
            return Optional.empty();
        }
        String speaker = cause.getSpeaker();
        String message = String.format(java.util.Locale.ROOT, "%s now leans %s (mean %+.2f, was %s at %+.2f) after %s",
                after.getParty(), to, after.getMeanScore(), from, before.getMeanScore(),
                speaker == null ? "a statement" : speaker + "'s statement");
        return Optional.of(StanceAlert.newBuilder()
                .setId(after.getParty() + ":" + cause.getStatement().getId())
                .setParty(after.getParty())
                .setKind(AlertKind.DIRECTION_CHANGE)
                .setFromDirection(from.name())
                .setToDirection(to.name())
                .setPreviousMean(before.getMeanScore())
                .setCurrentMean(after.getMeanScore())
                .setStatementText(cause.getStatement().getText())
                .setSpeaker(speaker)
                .setUrl(cause.getStatement().getUrl())
                .setStatementAt(cause.getStatement().getPublishedAt())
                .setMessage(message)
                .build());
    }
}

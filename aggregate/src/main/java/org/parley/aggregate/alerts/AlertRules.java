package org.parley.aggregate.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.parley.aggregate.index.Direction;
import org.parley.avro.AlertKind;
import org.parley.avro.EnrichedStatement;
import org.parley.avro.PartyOpenness;
import org.parley.avro.Stance;
import org.parley.avro.StanceAlert;

/**
 * The rules that turn a party's change of stance into alerts; a spike in volume alone raises
 * none. Every alert carries the statement that caused it as evidence, and an id made of party,
 * rule and statement, the same however often the statement is reprocessed (an idempotency key).
 *
 * <ul>
 *   <li>{@code DIRECTION_CHANGE}: the mean score moves from leaning one way (open, mixed, closed) to another.</li>
 *   <li>{@code BASELINE_SHIFT}: the index leaves the party's own baseline (the same mean with a
 *       four times longer half-life) by more than {@link Sensitivity#bands()} times its band; raised
 *       when the shift begins, not again while it lasts.</li>
 *   <li>{@code ZERO_CROSSING}: the index changes sign.</li>
 *   <li>{@code KEY_SPEAKER}: a head of state or chief negotiator makes an OPEN or CLOSED statement.</li>
 * </ul>
 * The index rules need {@value #MIN_EVIDENCE} effective statements, so that two statements are never a trend.
 */
public final class AlertRules {

    /** Effective statements an index needs before its moves raise alerts. */
    public static final double MIN_EVIDENCE = 3.0;
    /** Speaker roles whose OPEN or CLOSED statements raise {@code KEY_SPEAKER} alerts by default. */
    public static final Set<String> DEFAULT_KEY_ROLES = Set.of("head_of_state", "negotiator");

    private final Sensitivity sensitivity;
    private final Set<String> keyRoles;

    public AlertRules(Sensitivity sensitivity, Set<String> keyRoles) {
        this.sensitivity = sensitivity;
        this.keyRoles = Set.copyOf(keyRoles);
    }

    public static AlertRules defaults() {
        return new AlertRules(Sensitivity.MEDIUM, DEFAULT_KEY_ROLES);
    }

    /**
     * The alerts a statement raises.
     *
     * @param before    the party's snapshot before it, or null for the party's first statement
     * @param after     the snapshot after it
     * @param firstSeen whether the statement is counted for the first time (not a syndicated copy or a reprocessing)
     */
    public List<StanceAlert> check(PartyOpenness before, PartyOpenness after, EnrichedStatement cause, boolean firstSeen) {
        List<StanceAlert> out = new ArrayList<>();
        String who = cause.getSpeaker() == null ? "a statement" : cause.getSpeaker() + "'s statement";
        if (before != null) {
            Direction from = Direction.of(before.getMeanScore());
            Direction to = Direction.of(after.getMeanScore());
            if (from != to) {
                out.add(alert(AlertKind.DIRECTION_CHANGE, before, after, cause, String.format(Locale.ROOT,
                        "%s now leans %s (mean %+.2f, was %s at %+.2f) after %s", after.getParty(), to,
                        after.getMeanScore(), from, before.getMeanScore(), who)).build());
            }
            if (after.getEffectiveStatements() >= MIN_EVIDENCE && before.getEffectiveStatements() >= MIN_EVIDENCE - 1
                    && Math.signum(before.getIndex()) * Math.signum(after.getIndex()) < 0) {
                out.add(alert(AlertKind.ZERO_CROSSING, before, after, cause, String.format(Locale.ROOT,
                        "%s index crossed zero: %+.2f to %+.2f after %s", after.getParty(), before.getIndex(),
                        after.getIndex(), who)).build());
            }
            if (shifted(after) && !shifted(before)) {
                out.add(alert(AlertKind.BASELINE_SHIFT, before, after, cause, String.format(Locale.ROOT,
                        "%s index %+.2f ±%.2f left its baseline %+.2f (%s sensitivity) after %s", after.getParty(),
                        after.getIndex(), after.getBand(), after.getBaseline(), sensitivity.name().toLowerCase(Locale.ROOT), who))
                        .setBaseline(after.getBaseline()).setSensitivity(sensitivity.name()).build());
            }
        }
        if (firstSeen && cause.getSpeakerRole() != null && keyRoles.contains(cause.getSpeakerRole())
                && (cause.getStance() == Stance.OPEN || cause.getStance() == Stance.CLOSED)) {
            out.add(alert(AlertKind.KEY_SPEAKER, before, after, cause, String.format(Locale.ROOT,
                    "%s (%s, %s) made %s %s statement on talks", cause.getSpeaker(), cause.getSpeakerRole().replace('_', ' '),
                    after.getParty(), cause.getStance() == Stance.OPEN ? "an" : "a", cause.getStance())).build());
        }
        return out;
    }

    /** Whether the index stands further from the baseline than the band allows at this sensitivity. */
    boolean shifted(PartyOpenness p) {
        return p.getEffectiveStatements() >= MIN_EVIDENCE
                && Math.abs(p.getIndex() - p.getBaseline()) > sensitivity.bands() * p.getBand();
    }

    private static StanceAlert.Builder alert(AlertKind kind, PartyOpenness before, PartyOpenness after, EnrichedStatement cause,
                                             String message) {
        double previousMean = before == null ? after.getMeanScore() : before.getMeanScore();
        return StanceAlert.newBuilder()
                .setId(after.getParty() + ":" + kind.name().toLowerCase(Locale.ROOT) + ":" + cause.getStatement().getId())
                .setParty(after.getParty())
                .setKind(kind)
                .setFromDirection(Direction.of(previousMean).name())
                .setToDirection(Direction.of(after.getMeanScore()).name())
                .setPreviousMean(previousMean)
                .setCurrentMean(after.getMeanScore())
                .setPreviousIndex(before == null ? null : before.getIndex())
                .setCurrentIndex(after.getIndex())
                .setBand(after.getBand())
                .setStatementText(cause.getStatement().getText())
                .setSpeaker(cause.getSpeaker())
                .setSpeakerRole(cause.getSpeakerRole())
                .setStance(cause.getStance().name())
                .setUrl(cause.getStatement().getUrl())
                .setStatementAt(cause.getStatement().getPublishedAt())
                .setMessage(message);
    }
}

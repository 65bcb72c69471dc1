package org.parley.enrich.actors;

import java.time.LocalDate;
import java.util.List;

/**
 * A person or body that speaks for a party, with the dates it does so.
 *
 * @param name    canonical name, as the guidelines write it ("Vladimir Putin", "the Kremlin")
 * @param party   party code it speaks for while in office
 * @param role    head_of_state, head_of_government, foreign_minister, spokesperson, negotiator,
 *                envoy, official, institution...
 * @param aliases surface forms that name it in text (full name, surname, transliterations)
 * @param since   first day in office, or null when unknown
 * @param until   last day in office, or null while in office
 * @param person  whether it is a person (pronouns can refer back to it) rather than a body
 */
public record Actor(String name, String party, String role, List<String> aliases, LocalDate since, LocalDate until,
                    boolean person) {

    /** The party the actor speaks for on a date, or null when out of office then. */
    public String partyOn(LocalDate date) {
        if (date == null) {
            return until == null ? party : null;
        }
        if (since != null && date.isBefore(since)) {
            return null;
        }
        if (until != null && date.isAfter(until)) {
            return null;
        }
        return party;
    }
}

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
 * @param earlier offices the person held before this one, for a party of their own
 *                (Kaja Kallas: Estonia's prime minister until 2024, then the EU's foreign-policy chief)
 */
public record Actor(String name, String party, String role, List<String> aliases, LocalDate since, LocalDate until,
                    boolean person, List<Term> earlier) {

    /** An earlier office: the party spoken for, the role and the dates. */
    public record Term(String party, String role, LocalDate since, LocalDate until) {

        boolean covers(LocalDate date) {
            return Actor.covers(since, until, date);
        }
    }

    public Actor {
        earlier = earlier == null ? List.of() : List.copyOf(earlier);
    }

    /** An actor with one office. */
    public Actor(String name, String party, String role, List<String> aliases, LocalDate since, LocalDate until, boolean person) {
        this(name, party, role, aliases, since, until, person, List.of());
    }

    /** The party the actor speaks for on a date, or null when out of office then. */
    public String partyOn(LocalDate date) {
        return on(date, party, Term::party);
    }

    /** The actor's role on a date, or null when out of office then. */
    public String roleOn(LocalDate date) {
        return on(date, role, Term::role);
    }

    /** What the office held on the date gives: {@code current} for the present office, {@code of} an earlier one's. */
    private String on(LocalDate date, String current, java.util.function.Function<Term, String> of) {
        if (date == null) {
            return until == null ? current : null;
        }
        if (covers(since, until, date)) {
            return current;
        }
        for (Term t : earlier) {
            if (t.covers(date)) {
                return of.apply(t);
            }
        }
        return null;
    }

    private static boolean covers(LocalDate since, LocalDate until, LocalDate date) {
        return (since == null || !date.isBefore(since)) && (until == null || !date.isAfter(until));
    }
}

package org.parley.enrich.actors;

/**
 * A span of a statement that names an actor or a party.
 *
 * @param actor the actor named, or null when the span names a party only (a country, a capital,
 *              "Russian officials")
 * @param party the party the span stands for at the article's date, or null (a former official)
 * @param speakerName how the speaker is written when this span is the speaker: the actor's
 *              canonical name, or the span itself for descriptors ("senior Russian source")
 * @param kind  what sort of name it is
 */
public record Mention(int start, int end, String surface, Actor actor, String party, String speakerName, Kind kind) {

    public enum Kind {
        /** A person in the dictionary. */
        PERSON,
        /** An institution that speaks ("the Kremlin", "the White House", "Turkish presidency"). */
        INSTITUTION,
        /** A country or capital used for the state ("Russia", "Moscow"); narration, not a speaker. */
        PLACE,
        /** A described speaker: a party adjective and a role ("a senior Russian source", "Ukrainian officials"). */
        DESCRIPTOR
    }

    public boolean canSpeak() {
        return kind != Kind.PLACE;
    }
}

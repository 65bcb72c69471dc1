package org.parley.enrich.attribution;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What earlier statements of the same article established, for resolving "he says" and
 * quotations that continue: the last speaker named and the party they spoke for, and the people
 * the article introduced by name and office ("Deputy Foreign Minister Elnur Mammadov"), so that
 * "Mammadov said" later names them in full. One instance per article; not thread-safe.
 */
public final class Discourse {

    /** A person the article introduced: the full name as written and the party of the office named with it. */
    public record Person(String name, String party) {
    }

    private static final int MAX_PEOPLE = 32;

    private String lastSpeaker;
    private String lastParty;
    private String focusParty;
    private int sinceTopic = Integer.MAX_VALUE / 2;
    private final Map<String, Person> people = new LinkedHashMap<>();

    public Discourse() {
    }

    public Discourse(String lastSpeaker, String lastParty, int sinceTopic) {
        this.lastSpeaker = lastSpeaker;
        this.lastParty = lastParty;
        this.sinceTopic = sinceTopic;
    }

    /** Statements read since the last one about talks (large when none was), for storing the discourse. */
    public int sinceTopic() {
        return sinceTopic;
    }

    public String lastSpeaker() {
        return lastSpeaker;
    }

    public String lastParty() {
        return lastParty;
    }

    /**
     * The party the article was last about: the last speaker's party, or else the party named first
     * in the last statement that named one. Where a statement states a stance and names no party
     * ("The country said it would be open to a diplomatic solution"), it is the holder.
     */
    public String focusParty() {
        return focusParty;
    }

    public void focusOn(String party) {
        if (party != null) {
            focusParty = party;
        }
    }

    /** Whether one of the last two statements was about talks. */
    public boolean topicInContext() {
        return sinceTopic <= 2;
    }

    /** Records whether the statement just read was about talks. */
    public void statementRead(boolean aboutTalks) {
        sinceTopic = aboutTalks ? 1 : sinceTopic + 1;
    }

    void speakerNamed(String speaker, String party) {
        this.lastSpeaker = speaker;
        this.lastParty = party;
    }

    /** Remembers a person introduced by name: each of their name's words then refers to them. */
    void introduced(Person p) {
        for (String word : p.name().split("\\s+")) {
            if (word.length() >= 3 && Character.isUpperCase(word.charAt(0)) && people.size() < MAX_PEOPLE) {
                Person before = people.get(word);
                if (before == null || before.party() == null || p.party() != null) {
                    people.put(word, p);
                }
            }
        }
    }

    /** The person an earlier statement introduced under this word of their name, or null. */
    Person person(String word) {
        return people.get(word);
    }

    /** The people introduced so far, by the words of their names. */
    public Map<String, Person> people() {
        return Map.copyOf(people);
    }

    /** Restores the people of a stored discourse. */
    public void restorePeople(Map<String, Person> stored) {
        people.putAll(stored);
    }
}

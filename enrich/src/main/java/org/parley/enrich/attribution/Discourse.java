package org.parley.enrich.attribution;

/**
 * What earlier statements of the same article established, for resolving "he says" and
 * quotations that continue: the last speaker named and the party they spoke for. One instance
 * per article; not thread-safe.
 */
public final class Discourse {

    private String lastSpeaker;
    private String lastParty;
    private int sinceTopic = Integer.MAX_VALUE / 2;

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
}

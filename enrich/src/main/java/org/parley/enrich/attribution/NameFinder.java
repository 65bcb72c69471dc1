package org.parley.enrich.attribution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.enrich.actors.ActorDictionary;
import org.parley.enrich.actors.Mention;
import org.parley.enrich.text.WordScan;

/**
 * Finds the people a dictionary cannot know: a name the text introduces with an office
 * ("Azerbaijan's Deputy Foreign Minister Elnur Mammadov", "foreign ministry spokesperson
 * Nikorndej Balankura") or with an appositive ("Elnur Mammadov, Azerbaijan's deputy foreign
 * minister, said"). The party is the one the office is named with (a possessive country or a
 * demonym); a former office gives none. The article's discourse remembers them, so that a later
 * "Mammadov said" names them in full. Also lets a person win over the title before their name
 * ("Ukrainian President Volodymyr Zelensky" is Zelensky, not "Ukrainian President").
 */
public final class NameFinder {

    private static final String TITLE = "(?:president|vice[- ]president|prime minister|premier|chancellor|minister|secretary"
            + "|secretary[- ]general|spokes(?:man|woman|person)|ambassador|envoy|king|emir|sheikh|crown prince|prince|general"
            + "|gen\\.|commander|chairman|chairwoman|chair|chief|leader|senator|speaker|governor|director|adviser|advisor"
            + "|negotiator|representative|mediator|coordinator|lawmaker|deputy|counsell?or|pope|cardinal|patriarch|archbishop"
            + "|ayatollah|marshal|sultan|head|official|diplomat|mayor|judge|lieutenant|colonel|commissioner|consul|attache"
            + "|legislator|parliamentarian|MP|foreign secretary)";
    /** A capitalised word of a name, an initial, or a particle joined to one ("al-Burhan", "bin Salman"). */
    private static final String NAME_WORD = "(?:(?:al|el|bin|ibn|abu|von|van|de|da|der|du|del|dos|ul|ben|ould)[- ])?"
            + "\\p{Lu}[\\p{L}’'-]*\\.?";
    /** A run of capitalised words (with particles): where a name can be; titles and places are trimmed off. */
    private static final Pattern CAPITALISED_RUN = Pattern.compile(
            "(?<![\\p{L}’'-])" + NAME_WORD + "(?:\\s+" + NAME_WORD + ")+");
    /** An office right before a name: "... Deputy Foreign Minister ", "foreign ministry spokesperson ". */
    private static final Pattern TITLE_BEFORE = Pattern.compile("(?i)(?<![\\p{L}])" + TITLE + "\\s+$");
    /** An office, then a comma, before a name: "a spokesperson for the Ethiopian Foreign Ministry, ". */
    private static final Pattern OFFICE_COMMA_BEFORE = Pattern.compile(
            "(?i)(?<![\\p{L}])" + TITLE + "(?:\\s+(?:of|for|to|at)\\s+[^,;.“”\"]{1,60})?,\\s+$");
    /** An appositive office after a name: ", Azerbaijan's deputy foreign minister,". */
    private static final Pattern OFFICE_AFTER = Pattern.compile(
            ",\\s+(?:(?i:the|a|an)\\s+)?([^,;.“”\"]{0,80}?(?i:(?<![\\p{L}])" + TITLE + ")(?![\\p{L}])[^,;.“”\"]{0,60}),");
    private static final Pattern SPEECH_AFTER = Pattern.compile("\\s+(?:\\p{Ll}+ly\\s+)?(?:said|says|told|tells|noted|notes|"
            + "stated|states|added|adds|stressed|warned|argued|insisted|declared|announced|urged|emphasi[sz]ed|explained|wrote|"
            + "replied|asserted|claimed|confirmed|reiterated|underlined|acknowledged|rejected|dismissed|called|recalled|continued)\\b");
    private static final Pattern SPEECH_BEFORE = Pattern.compile("[,”\"]\\s*(?:said|says|added|adds|wrote|writes|stressed|"
            + "noted|notes|told|tells|insisted|explained|continued|warned|declared|argued|replied|asked)\\s+$");
    private static final Pattern QUOTE_SURNAME = Pattern.compile("[”\"],?\\s+(\\p{Lu}[\\p{Ll}’'-]+)(?=\\s)");
    /** Offices written as acronyms ("the EAM said", "the MP argued"): a person, not a body. */
    private static final Set<String> TITLE_ACRONYMS = Set.of("MP", "MPS", "PM", "FM", "EAM", "NSA", "CEO", "DG", "SG", "VP", "DPM");
    private static final Pattern ACRONYM = Pattern.compile("(?<![\\p{L}])(\\p{Lu}{2,6})(?![\\p{L}])");
    private static final Pattern CAPITALISED = Pattern.compile("(?<![\\p{L}’'-])\\p{Lu}[\\p{L}’'-]{2,}");
    private static final Pattern FORMER = Pattern.compile("(?i)(?<![\\p{L}])(?:former|ex-|then-|late|retired|ousted)");

    /** Capitalised words that are no part of a person's name. */
    private static final Set<String> NOT_NAMES = Set.of("The", "A", "An", "On", "In", "At", "And", "But", "Monday", "Tuesday",
            "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December", "Said", "Says", "Told", "Mr", "Mr.", "Mrs",
            "Ms", "Dr", "Dr.", "He", "She", "It", "They", "We", "I", "This", "That", "His", "Her", "Their", "Its", "After",
            "During", "While", "When", "If", "As", "For", "With", "From", "To", "Of", "By", "Minister", "President",
            "Secretary", "Foreign", "Affairs", "Ministry", "Office", "Council", "Committee", "Party", "Government", "Army",
            "Forces", "Force", "Republic", "Kingdom", "State", "States", "United", "General", "Prime", "Deputy", "Defence",
            "Defense", "Interior", "National", "Security", "Supreme", "Leader", "Chief", "Staff", "Spokesperson",
            "Spokesman", "Spokeswoman", "Ambassador", "Envoy", "Special", "Senior", "Vice", "Agency", "News", "Press",
            "Tass", "Reuters");

    private final ActorDictionary actors;

    public NameFinder(ActorDictionary actors) {
        this.actors = actors;
    }

    /**
     * The dictionary's mentions with the people the text introduces and those the article
     * introduced before, left to right; the discourse learns the newly introduced.
     */
    public List<Mention> find(String text, List<Mention> known, Discourse discourse) {
        List<Mention> out = new ArrayList<>(known);
        // The runs, acronyms and capitalised words below all start a word: they are looked for at word starts only.
        int[] wordStarts = WordScan.wordStarts(text);
        for (MatchResult run : WordScan.findAtWordStarts(CAPITALISED_RUN, text, wordStarts)) {
            int[] n = nameSpan(text, run.start(), run.end());
            if (n[1] - n[0] < 3) {
                continue;
            }
            String before = text.substring(lineStart(text, n[0], 80), n[0]);
            if (TITLE_BEFORE.matcher(before).find()) {
                addPerson(out, text, n[0], n[1], discourse, before);
                continue;
            }
            Matcher office = OFFICE_COMMA_BEFORE.matcher(text.substring(Math.max(0, n[0] - 100), n[0]));
            if (office.find()) {
                addPerson(out, text, n[0], n[1], discourse, office.group());
                continue;
            }
            Matcher after = OFFICE_AFTER.matcher(text).region(n[1], text.length());
            if (n[0] == run.start() && after.lookingAt()) {
                addPerson(out, text, n[0], n[1], discourse, after.group(1));
                continue;
            }
            // "“...,” said Luigi Di Maio": a full name right after the speech verb that closes a quotation.
            if (n[0] == run.start() && SPEECH_BEFORE.matcher(text.substring(Math.max(0, n[0] - 30), n[0])).find()) {
                addPerson(out, text, n[0], n[1], discourse, "");
                continue;
            }
            // "Valentina Matviyenko noted that...": a full name as the subject of a speech verb, office unknown.
            if (n[0] == run.start() && n[1] == run.end() && SPEECH_AFTER.matcher(text).region(n[1], text.length()).lookingAt()) {
                addPerson(out, text, n[0], n[1], discourse, "");
            }
        }
        // "“...,” Qassem said": one capitalised word between a closing quotation and a speech verb is a surname.
        Matcher q = QUOTE_SURNAME.matcher(text);
        while (q.find()) {
            String word = q.group(1);
            if (!NOT_NAMES.contains(word) && !overlaps(out, q.start(1), q.end(1)) && discourse.person(word) == null
                    && SPEECH_AFTER.matcher(text).region(q.end(1), text.length()).lookingAt()) {
                out.add(new Mention(q.start(1), q.end(1), word, null, null, word, Mention.Kind.PERSON));
            }
        }
        // "the AANES said": an acronym the dictionary does not know, as the subject of a speech verb, is a body that speaks.
        for (MatchResult acronym : WordScan.findAtWordStarts(ACRONYM, text, wordStarts)) {
            if (!overlaps(out, acronym.start(1), acronym.end(1)) && !TITLE_ACRONYMS.contains(acronym.group(1))
                    && SPEECH_AFTER.matcher(text).region(acronym.end(1), text.length()).lookingAt()) {
                out.add(new Mention(acronym.start(1), acronym.end(1), acronym.group(1), null, null, acronym.group(1),
                        Mention.Kind.INSTITUTION));
            }
        }
        // People of the dictionary named in full are introduced too, for the aliases it lacks.
        for (Mention m : known) {
            if (m.kind() == Mention.Kind.PERSON && m.speakerName() != null && m.speakerName().indexOf(' ') > 0) {
                discourse.introduced(new Discourse.Person(m.speakerName(), m.party()));
            }
        }
        // A word of a name introduced earlier in the article: "Mammadov said".
        for (MatchResult c : WordScan.findAtWordStarts(CAPITALISED, text, wordStarts)) {
            String word = text.substring(c.start(), c.end()).replaceFirst("[’']s$", "");
            Discourse.Person p = discourse.person(word);
            int end = c.start() + word.length();
            if (p != null && !overlaps(out, c.start(), end) && !capitalisedWordBefore(text, c.start())) {
                out.add(new Mention(c.start(), end, word, null, p.party(), p.name(), Mention.Kind.PERSON));
            }
        }
        describedBySide(out, text);
        preferPersonOverTitle(out);
        out.sort(Comparator.comparingInt(Mention::start));
        return out;
    }

    /**
     * "A spokesperson for Houthi rebels says", "an official of the foreign ministry said": the role
     * and the party it serves are one speaker, who speaks for that party (the name of the party alone
     * would make the party the speaker).
     */
    private static void describedBySide(List<Mention> out, String text) {
        for (int i = 0; i < out.size(); i++) {
            Mention m = out.get(i);
            if (m.party() == null || m.kind() == Mention.Kind.PERSON) {
                continue;
            }
            String window = text.substring(Math.max(0, m.start() - 60), m.start());
            if (!ROLE_WORD.matcher(window).find()) {
                continue;
            }
            Matcher role = ROLE_FOR.matcher(window);
            if (role.find()) {
                int start = m.start() - (role.end() - role.start());
                String name = text.substring(start + role.start(1) - role.start(), m.end());
                out.set(i, new Mention(start, m.end(), text.substring(start, m.end()), null, m.party(), name, Mention.Kind.DESCRIPTOR));
            }
        }
    }

    private static final Pattern ROLE_WORD = Pattern.compile("(?i)spokes|official|representative|source|member");
    private static final Pattern ROLE_FOR = Pattern.compile("(?i)(?<![\\p{L}])(?:an?|the|one)\\s+(?:(?:senior|top|chief|official|unnamed)\\s+)?"
            + "(spokes(?:man|woman|person)|official|representative|source|member)\\s+(?:for|of|from|in|with)\\s+(?:the\\s+)?$");

    private void addPerson(List<Mention> out, String text, int start, int end, Discourse discourse, String office) {
        if (end <= start || text.substring(start, end).indexOf(' ') < 0) {
            return;
        }
        for (Mention m : out) {
            if (start < m.end() && m.start() < end && m.kind() != Mention.Kind.DESCRIPTOR) {
                return; // the dictionary knows this name, or it is a place or an institution
            }
        }
        String name = text.substring(start, end);
        String party = FORMER.matcher(office).find() ? null : partyOf(office);
        out.removeIf(m -> m.kind() == Mention.Kind.DESCRIPTOR && start < m.end() && m.start() < end);
        out.add(new Mention(start, end, name, null, party, name, Mention.Kind.PERSON));
        discourse.introduced(new Discourse.Person(name, party));
    }

    /** The party an office is named with: "Pakistan's", "Azerbaijani", "of Thailand". */
    private String partyOf(String office) {
        String party = null;
        for (Mention m : actors.find(office, null)) {
            if (m.party() != null && m.kind() != Mention.Kind.PERSON) {
                party = m.party();
            }
        }
        if (party != null) {
            return party;
        }
        for (String word : office.split("[^\\p{L}]+")) {
            String p = word.isEmpty() ? null : actors.partyOfAdjective(word);
            if (p != null) {
                party = p;
            }
        }
        return party;
    }

    /**
     * The name inside a span of capitalised words: past leading words that are no name ("Foreign
     * Minister Elnur Mammadov"), up to the first trailing one ("Elnur Mammadov On"), without a
     * possessive "'s"; {start, end}, empty when no name is left.
     */
    private static int[] nameSpan(String text, int start, int end) {
        Matcher w = WORD.matcher(text).region(start, end);
        int runStart = -1;
        int runEnd = -1;
        int runWords = 0;
        int[] best = {start, start};
        while (w.find()) {
            String word = w.group();
            boolean possessive = word.endsWith("’s") || word.endsWith("'s");
            String bare = word.replaceFirst("[’']s$", "").replaceFirst("\\.$", "");
            if (NOT_NAMES.contains(bare) || NOT_NAMES.contains(word)) {
                runStart = -1;
                runWords = 0;
                continue;
            }
            if (runStart < 0) {
                runStart = w.start();
            }
            runEnd = w.end() - (possessive ? 2 : 0);
            runWords++;
            if (runWords >= 2 && runWords <= 4) {
                best = new int[] {runStart, runEnd};
            }
            if (possessive) {
                runStart = -1;
                runWords = 0;
            }
        }
        return best;
    }

    private static final Pattern WORD = Pattern.compile("\\S+");

    private static int lineStart(String text, int from, int max) {
        int i = from;
        while (i > 0 && from - i < max) {
            char ch = text.charAt(i - 1);
            if (ch == '.' || ch == ';' || ch == ':' || ch == '“' || ch == '”' || ch == '"' || ch == ',') {
                break;
            }
            i--;
        }
        return i;
    }

    /** "Ukrainian President Volodymyr Zelensky": the person, not the title, names the speaker. */
    private static void preferPersonOverTitle(List<Mention> mentions) {
        List<Mention> drop = new ArrayList<>();
        List<Mention> add = new ArrayList<>();
        for (Mention d : mentions) {
            if (d.kind() != Mention.Kind.DESCRIPTOR) {
                continue;
            }
            for (Mention p : mentions) {
                if (p.kind() == Mention.Kind.PERSON && p.start() >= d.end() && p.start() - d.end() <= 2) {
                    drop.add(d);
                    // The office the text gives is current at the article's date, whatever the dictionary's tenure says.
                    if (p.party() == null && d.party() != null) {
                        drop.add(p);
                        add.add(new Mention(p.start(), p.end(), p.surface(), p.actor(), d.party(), p.speakerName(), p.kind()));
                    }
                }
            }
        }
        mentions.removeAll(drop);
        mentions.addAll(add);
    }

    private static boolean capitalisedWordBefore(String text, int start) {
        int i = start;
        while (i > 0 && text.charAt(i - 1) == ' ') {
            i--;
        }
        if (i == start || i == 0) {
            return false;
        }
        int j = i;
        while (j > 0 && Character.isLetter(text.charAt(j - 1))) {
            j--;
        }
        return j < i && Character.isUpperCase(text.charAt(j)) && !NOT_NAMES.contains(text.substring(j, i));
    }

    private static boolean overlaps(List<Mention> found, int start, int end) {
        for (Mention f : found) {
            if (start < f.end() && f.start() < end) {
                return true;
            }
        }
        return false;
    }

}

package org.parley.enrich.attribution;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.parley.avro.StatementKind;
import org.parley.enrich.actors.Mention;
import org.parley.enrich.text.RuleFiles;
import org.parley.enrich.text.WordScan;

/**
 * Finds the speaker of a statement: "X said", "said X", "according to X", "X told Reuters",
 * "he says" and "the diplomat noted" (back to the last speaker), an actor as the subject of the
 * statement, and quotations that continue the last speaker's words.
 */
public final class Attributor {

    record Rules(List<String> speechVerbs, String accordingTo, List<String> pronouns, List<String> backReferences,
                 List<String> objectMarkers) {
    }

    private static final int MAX_GAP_BEFORE_VERB = 40;
    private static final int MAX_GAP_AFTER_VERB = 45;
    private static final int SUBJECT_WINDOW = 90;

    private final WordScan.Buckets speech;
    private final Pattern accordingTo;
    private final Pattern backReference;
    private final Set<String> objectMarkers;

    private Attributor(Rules rules) {
        this.speech = new WordScan.Buckets(rules.speechVerbs(), alternation -> words(List.of(alternation)));
        this.accordingTo = words(List.of(rules.accordingTo()));
        this.backReference = Pattern.compile("(?i)(?<![\\p{L}])(?:" + String.join("|", rules.pronouns()) + "|"
                + String.join("|", rules.backReferences()) + ")(?![\\p{L}])");
        this.objectMarkers = rules.objectMarkers().stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public static Attributor bundled() {
        return new Attributor(RuleFiles.bundled("parley/enrich/attribution.yaml", Rules.class));
    }

    /** A speech verb found in a statement. */
    private record VerbMatch(int start, int end, String group) {
    }

    /** Finds the speaker and records it in the discourse for the statements that follow. */
    public Attribution attribute(String text, List<Mention> mentions, StatementKind kind, Discourse discourse) {
        Attribution a = find(text, mentions, kind, discourse);
        if (a.speaker() != null && a.party() == null && isOutlet(a.speaker(), mentions)) {
            // "X said, according to TASS": the person the outlet reports is the speaker.
            for (Mention m : mentions) {
                if (m.kind() == Mention.Kind.PERSON && !isObject(text, m.start()) && !insideQuote(text, m.start())) {
                    a = new Attribution(m.speakerName(), m.party(), List.of("speaker:person-over-outlet"));
                    break;
                }
            }
        }
        if (a.speaker() != null) {
            discourse.speakerNamed(a.speaker(), a.party());
        } else {
            // A person named as the subject of narration is whom the next "he says" refers to.
            for (Mention m : mentions) {
                if (m.kind() == Mention.Kind.PERSON && !isObject(text, m.start()) && !insideQuote(text, m.start())) {
                    discourse.speakerNamed(m.speakerName(), m.party());
                    break;
                }
            }
        }
        return a;
    }

    private Attribution find(String text, List<Mention> mentions, StatementKind kind, Discourse discourse) {
        // "He demands ...", "He further clarifies that ...": a pronoun subject refers back, whatever
        // source the sentence names later ("..., according to O Globo").
        Matcher lead = backReference.matcher(text);
        Matcher connective = LEADING_CONNECTIVE.matcher(text);
        lead.region(connective.lookingAt() ? connective.end() : 0, text.length());
        if (discourse.lastSpeaker() != null && lead.lookingAt() && isSubject(text, lead.end())
                && sameParty(lead.start(), lead.end(), mentions, discourse)) {
            return new Attribution(discourse.lastSpeaker(), discourse.lastParty(),
                    List.of("speaker:subject-back-reference:" + lead.group().toLowerCase(Locale.ROOT)));
        }
        // A headline that names its speaker last: "Russia open to Indian mediation: Lavrov",
        // "Nothing can force us to negotiate – Yermak".
        for (Mention m : mentions) {
            if (m.canSpeak() && endsStatement(text, m.end()) && headlineSeparatorBefore(text, m.start())) {
                return named(m, discourse, text, "speaker:headline-last");
            }
        }
        // A name and a colon before a quotation: "Quote from Zakharova: “...”", "Ukraine, Zelensky: “...”".
        for (Mention m : mentions) {
            if (m.canSpeak() && !insideQuote(text, m.start()) && NAME_COLON_QUOTE.matcher(text).region(m.end(), text.length()).lookingAt()) {
                return named(m, discourse, text, "speaker:name-colon-quote");
            }
        }
        // "In his opinion, ...", "According to the Deputy Foreign Minister, ...": the last speaker's words.
        if (discourse.lastSpeaker() != null && (THEIR_VIEW.matcher(text).lookingAt()
                || ACCORDING_TO_OFFICE.matcher(text).lookingAt())) {
            return new Attribution(discourse.lastSpeaker(), discourse.lastParty(), List.of("speaker:their-view"));
        }
        Matcher acc = accordingTo.matcher(text);
        while (acc.find()) {
            for (Mention m : mentions) {
                if (m.canSpeak() && m.start() >= acc.end() && m.start() - acc.end() <= 25) {
                    return named(m, discourse, text, "speaker:according-to");
                }
            }
        }
        for (int[] v : WordScan.scan(speech, text, WordScan.wordStarts(text))) {
            VerbMatch verb = new VerbMatch(v[0], v[1], text.substring(v[0], v[1]));
            // "Gadi Eisenkot, a former chief of staff ..., said": the name before an appositive.
            for (Mention m : mentions) {
                if (m.canSpeak() && m.end() < verb.start() && !isObject(text, m.start())
                        && APPOSITIVE.matcher(text).region(m.end(), verb.start()).matches()
                        && !personEndsAppositive(text, mentions, m.end(), verb.start())) {
                    return named(m, discourse, text, "speaker:name-appositive-verb:" + verb.group().toLowerCase(Locale.ROOT));
                }
            }
            Mention before = null;
            for (Mention m : mentions) {
                if (m.canSpeak() && m.end() <= verb.start() && verb.start() - m.end() <= MAX_GAP_BEFORE_VERB
                        && cleanGap(text, m.end(), verb.start()) && !isObject(text, m.start())) {
                    before = m;
                }
            }
            Matcher back = backReference.matcher(text);
            while (back.find()) {
                if (back.end() <= verb.start() && verb.start() - back.end() <= 25 && cleanGap(text, back.end(), verb.start())
                        && discourse.lastSpeaker() != null && !isObject(text, back.start())
                        && (before == null || back.start() > before.end())
                        && sameParty(back.start(), back.end(), mentions, discourse)) {
                    return new Attribution(discourse.lastSpeaker(), discourse.lastParty(),
                            List.of("speaker:back-reference:" + back.group().toLowerCase(Locale.ROOT)));
                }
            }
            if (before != null) {
                return named(before, discourse, text, "speaker:name-before-verb:" + verb.group().toLowerCase(Locale.ROOT));
            }
            if (!inverted(text, verb.start())) {
                continue; // "An adviser said Putin needed to...": the name after the verb is what was said
            }
            for (Mention m : mentions) {
                if (m.canSpeak() && m.start() >= verb.end() && m.start() - verb.end() <= MAX_GAP_AFTER_VERB
                        && cleanGap(text, verb.end(), m.start()) && !isObject(text, m.start())) {
                    return named(m, discourse, text, "speaker:verb-before-name:" + verb.group().toLowerCase(Locale.ROOT));
                }
            }
        }
        // A person as the subject of a verb anywhere in the statement ("..., Foreign Minister Abbas
        // Araghchi characterized the talks as...").
        for (Mention m : mentions) {
            if (m.kind() == Mention.Kind.PERSON && !isObject(text, m.start()) && !insideQuote(text, m.start())
                    && (isSubject(text, m.end()) || PERSON_VERB.matcher(text).region(m.end(), text.length()).lookingAt())) {
                return named(m, discourse, text, "speaker:person-subject");
            }
        }
        // The statement's subject: an actor named first, near the start ("Lavrov also demanded...").
        for (Mention m : mentions) {
            if (m.start() > SUBJECT_WINDOW) {
                break;
            }
            if (m.canSpeak() && !isObject(text, m.start()) && !insideQuote(text, m.start())) {
                return named(m, discourse, text, "speaker:subject");
            }
            if (m.kind() == Mention.Kind.PLACE && !isPossessive(text, m.end())) {
                break; // "Moscow has declared...": a place as subject is narration, not a speaker
            }
        }
        Matcher back = backReference.matcher(text);
        if (back.find() && back.start() <= 3 && discourse.lastSpeaker() != null
                && sameParty(back.start(), back.end(), mentions, discourse)) {
            return new Attribution(discourse.lastSpeaker(), discourse.lastParty(), List.of("speaker:subject-back-reference"));
        }
        if (kind == StatementKind.DIRECT_QUOTE && discourse.lastSpeaker() != null && startsWithQuote(text)) {
            return new Attribution(discourse.lastSpeaker(), discourse.lastParty(), List.of("speaker:continued-quotation"));
        }
        // Reported words that name no speaker and no source of their own ("according to the plan") go on the last speaker's.
        if (kind == StatementKind.REPORTED_SPEECH && discourse.lastSpeaker() != null && !accordingTo.matcher(text).find()) {
            return new Attribution(discourse.lastSpeaker(), discourse.lastParty(), List.of("speaker:last-speaker"));
        }
        return Attribution.none();
    }

    /** Whether only blanks and at most a full stop follow the offset. */
    private static boolean endsStatement(String text, int end) {
        int i = end;
        if (i < text.length() && text.charAt(i) == '.') {
            i++;
        }
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i == text.length();
    }

    /** Whether a colon or a spaced dash ends the text before the offset: "...: Lavrov", "... – Yermak". */
    private static boolean headlineSeparatorBefore(String text, int start) {
        int i = start;
        while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        if (i == 0) {
            return false;
        }
        char c = text.charAt(i - 1);
        return c == ':' || ((c == '–' || c == '—' || c == '-') && i >= 2 && Character.isWhitespace(text.charAt(i - 2)));
    }
    private static final Pattern NAME_COLON_QUOTE = Pattern.compile("\\s*:\\s*[“\"«‘]");

    private static boolean isOutlet(String speaker, List<Mention> mentions) {
        for (Mention m : mentions) {
            if (speaker.equals(m.speakerName()) && m.actor() != null && "media".equals(m.actor().role())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the words before a position mark what follows as an object ("told Putin", "talks
     * with the US", "congratulated Russian counterpart Vladimir Putin"): looks back over
     * determiners, demonyms and titles to the first other word.
     */
    public boolean isObject(String text, int start) {
        int pos = start;
        for (int hops = 0; hops < 6; hops++) {
            int end = pos;
            while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            int begin = end;
            while (begin > 0 && (Character.isLetter(text.charAt(begin - 1)) || text.charAt(begin - 1) == '.')) {
                begin--;
            }
            if (begin == end) {
                return false;
            }
            String word = text.substring(begin, end);
            String lower = word.toLowerCase(Locale.ROOT);
            if (lower.equals("of") && begin > 1 && capitalizedWordBefore(text, begin)) {
                pos = begin; // "Secretary of State Marco Rubio": "of" inside a title
                continue;
            }
            if (objectMarkers.contains(lower)) {
                return true;
            }
            // Look past determiners, names and titles, and past "X and" in "between X and Y".
            boolean skippable = DETERMINERS.contains(lower) || Character.isUpperCase(word.charAt(0)) || TITLES.contains(lower)
                    || lower.equals("and") || lower.equals("or");
            if (!skippable) {
                return false;
            }
            pos = begin;
        }
        return false;
    }

    private static boolean capitalizedWordBefore(String text, int pos) {
        int end = pos;
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        int begin = end;
        while (begin > 0 && Character.isLetter(text.charAt(begin - 1))) {
            begin--;
        }
        return begin < end && Character.isUpperCase(text.charAt(begin));
    }

    private static final java.util.Set<String> DETERMINERS = java.util.Set.of("the", "a", "an", "its", "his", "her", "their");
    private static final java.util.Set<String> TITLES = java.util.Set.of("counterpart", "president", "leader", "minister",
            "foreign", "prime", "chancellor", "envoy", "spokesman", "spokeswoman", "officials", "official", "counterparts");

    /** A party named as the subject of a verb: "Russia is ready", "Moscow has repeatedly said", "accused Kyiv of". */
    public boolean isSubject(String text, int end) {
        Matcher m = SUBJECT_FOLLOWS.matcher(text);
        m.region(end, Math.min(text.length(), end + 120));
        if (!m.lookingAt()) {
            return false;
        }
        // The subject of a passive ("Russia would only be invited") undergoes, it does not hold a position.
        Matcher passive = PASSIVE.matcher(text);
        passive.region(end, Math.min(text.length(), end + 60));
        return !passive.lookingAt();
    }

    private static final Pattern PASSIVE = Pattern.compile(
            "(?i)\\s+(?:\\w+\\s+){0,2}(?:be|been|being|is|was|are|were)\\s+(?:\\w+ly\\s+)?"
                    + "(?!(?:prepared|interested|committed|determined|convinced|concerned|opposed|inclined|delighted|pleased|"
                    + "disappointed|satisfied|ready|open|willing)\\b)\\w+ed\\b");

    private static final Pattern SUBJECT_FOLLOWS = Pattern.compile(
            "(?:\\s*,[^,.;“”\"]{1,80},)?\\s+(?:(?:also|still|now|already|again|repeatedly|reportedly|itself|allegedly|clearly|firmly|"
                    + "officially|formally|later|then|on \\w+|\\w+ly)\\s+)*"
                    + "(?:is|was|are|were|has|have|had|will|would|could|can|cannot|can't|should|must|may|might|does|did|do|"
                    + "won't|wouldn't|doesn't|didn't|isn't|wasn't|remains?|stays?|continues?|wants?|wanted|insists?|insisted|"
                    + "demands?|demanded|rejects?|rejected|refuses?|refused|agreed|agrees|offered|offers|accepted|accepts|"
                    + "proposed|proposes|announced|announces|declared|declares|expressed|called|calls|urged|urges|threatened|"
                    + "threatens|believes?|believed|plans?|planned|intends?|intended|seeks?|sought|hopes?|hoped|needs?|needed|"
                    + "says|said|told|appears?|seems?|reiterated|reiterates|maintains?|maintained|considers?|considered|"
                    + "sees|saw|views|prefers?|preferred|submitted|signalled|signaled|indicated|confirmed|denied|dismissed|"
                    + "welcomed|welcomes|supports?|supported|backs|backed|favou?rs|favou?red|stands?|stood|lacks?|lacked|"
                    + "met|meets|held|holds|discussed|discusses|signed|signs|sent|sends|made|makes|voiced|put|set|"
                    + "launched|initiated|started|began|invited|invites|hosted|hosts|congratulated)\\b",
            Pattern.CASE_INSENSITIVE);

    private static boolean isPossessive(String text, int end) {
        return text.startsWith("'s", end) || text.startsWith("’s", end);
    }

    /**
     * The speaker a mention names. A definite description of the last speaker's office ("the
     * Russian foreign minister said") refers back to that speaker.
     */
    private static Attribution named(Mention m, Discourse discourse, String text, String rule) {
        if (m.kind() == Mention.Kind.DESCRIPTOR && discourse.lastSpeaker() != null && m.party() != null
                && m.party().equals(discourse.lastParty()) && DEFINITE_SINGULAR.matcher(m.surface()).matches()) {
            return new Attribution(discourse.lastSpeaker(), discourse.lastParty(), List.of(rule, "speaker:definite-description"));
        }
        return new Attribution(m.speakerName(), m.party(), List.of(rule));
    }

    private static final Pattern THEIR_VIEW = Pattern.compile(
            "(?i)(?:(?:but|and|however|yet),?\\s+)?in (?:his|her) (?:opinion|view|words|assessment|estimation)\\b");
    private static final Pattern ACCORDING_TO_OFFICE = Pattern.compile(
            "(?i)(?:(?:but|and|however|yet),?\\s+)?according to (?:him|her|(?:the|his|its|their)(?:\\s+[\\p{L}-]+){0,2}\\s+"
                    + "(?:minister|president|spokes(?:man|woman|person)|envoy|official|diplomat|leader|chancellor|ambassador"
                    + "|secretary|negotiator|commander|general|governor|premier)),");

    /** Words that may open a statement before its subject: "But he said", "However, the minister added". */
    private static final Pattern LEADING_CONNECTIVE = Pattern.compile(
            "(?i)(?:but|and|yet|however|still|meanwhile|later|then|also|so|now|moreover|instead)\\b,?\\s+");
    /** A verb right after a person's name: "Manalo assures", "Yo Jong pushed back", "Araghchi characterized". */
    private static final Pattern PERSON_VERB = Pattern.compile(
            "(?:\\s*,[^,.;“”\"]{1,80},)?\\s+(?:\\p{Ll}+ly\\s+)?\\p{Ll}{3,}(?:ed|es|s)\\b(?!\\s+(?:of|by)\\b)");
    private static final Pattern DEFINITE_SINGULAR = Pattern.compile(
            "(?i)the\\s+.*\\b(?:minister|president|leader|spokesman|spokeswoman|spokesperson|diplomat|envoy|negotiator|official)");
    private static final Pattern APPOSITIVE = Pattern.compile(
            "\\s*,[^,;.“”\"]{1,140},\\s*(?:(?:also|later|then|on \\w+|\\w+ly)\\s+)?");

    /**
     * Whether a speech verb stands before its subject: at the start, or right after the quotation
     * or clause it reports ("“...,” said X", "..., according to ..., added X").
     */
    private static boolean inverted(String text, int verbStart) {
        int i = verbStart;
        while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i == 0 || ",”\"’—–-:".indexOf(text.charAt(i - 1)) >= 0;
    }

    /**
     * Whether a back-reference can mean the last speaker: it names no other party ("the Kyiv
     * president" after a Russian speaker is someone else).
     */
    private static boolean sameParty(int start, int end, List<Mention> mentions, Discourse discourse) {
        for (Mention m : mentions) {
            if (m.start() >= start && m.end() <= end && m.party() != null && !m.party().equals(discourse.lastParty())) {
                return false;
            }
        }
        return true;
    }

    /** "Secretary of the Council, Oleksiy Danilov, said": the person the appositive ends with speaks, not the body before it. */
    private boolean personEndsAppositive(String text, List<Mention> mentions, int start, int verbStart) {
        for (Mention m : mentions) {
            if (m.kind() == Mention.Kind.PERSON && m.start() >= start && m.end() <= verbStart && !isObject(text, m.start())
                    && APPOSITIVE_END.matcher(text).region(m.end(), verbStart).matches()) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern APPOSITIVE_END = Pattern.compile("\\s*,\\s*(?:(?:also|later|then|on \\w+|\\w+ly)\\s+)?");

    /** A gap between a name and its verb holds no quotation or sentence break. */
    private static boolean cleanGap(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '“' || c == '”' || c == '"' || c == '.' || c == ';' || c == ':') {
                return false;
            }
        }
        return true;
    }

    private static boolean insideQuote(String text, int pos) {
        int curly = 0;
        int straight = 0;
        for (int i = 0; i < pos; i++) {
            char c = text.charAt(i);
            if (c == '“') {
                curly++;
            } else if (c == '”') {
                curly = Math.max(0, curly - 1);
            } else if (c == '"') {
                straight++;
            }
        }
        return curly > 0 || straight % 2 == 1;
    }

    private static boolean startsWithQuote(String text) {
        return !text.isEmpty() && "“\"«„‘'".indexOf(text.charAt(0)) >= 0;
    }

    private static Pattern words(List<String> entries) {
        return Pattern.compile("(?i)(?<![\\p{L}])(?:" + String.join("|", entries) + ")(?![\\p{L}])");
    }
}

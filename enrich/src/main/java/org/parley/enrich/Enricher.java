package org.parley.enrich;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.parley.avro.Stance;
import org.parley.avro.StatementKind;
import org.parley.enrich.actors.ActorDictionary;
import org.parley.enrich.actors.Mention;
import org.parley.enrich.attribution.Attribution;
import org.parley.enrich.attribution.Attributor;
import org.parley.enrich.attribution.Discourse;
import org.parley.enrich.stance.ConditionExtractor;
import org.parley.enrich.stance.EventCatalog;
import org.parley.enrich.stance.StanceClassifier;
import org.parley.enrich.stance.StanceDecision;
import org.parley.enrich.stance.StanceLexicon;

/**
 * The enrich stage's core, with no Kafka in it: for one statement, finds the speaker, the party
 * whose position on talks it states (the holder) and that party's stance, with the cues that
 * decided each. Statements of one article go through in order with one {@link Discourse}.
 * Immutable and thread-safe; the discourse is not.
 */
public final class Enricher {

    /**
     * What enrich says about one statement.
     *
     * @param cameo      the CAMEO event code the stance reports, or null for NONE
     * @param plover     the PLOVER event type, or null for NONE
     * @param conditions the preconditions and terms stated, for CONDITIONAL statements and refusals that name terms
     * @param speakerRole the named speaker's role from the actor dictionary (head_of_state, negotiator...), or null
     */
    public record Result(String speaker, String party, Stance stance, Double score, List<String> cues, String cameo,
                         String plover, List<ConditionExtractor.Condition> conditions, String speakerRole) {

        static Result none(String speaker, String party, List<String> cues, String speakerRole) {
            return new Result(speaker, party, Stance.NONE, null, List.copyOf(cues), null, null, List.of(), speakerRole);
        }
    }

    static final List<String> RULE_FILES = List.of("parley/enrich/actors.yaml", "parley/enrich/stance-lexicon.yaml",
            "parley/enrich/attribution.yaml", "parley/enrich/events.yaml", "parley/enrich/conditions.yaml");

    private final ActorDictionary actors;
    private final Attributor attributor;
    private final StanceClassifier stances;
    private final EventCatalog events = EventCatalog.bundled();
    private final ConditionExtractor conditions = ConditionExtractor.bundled();
    private final String rulesVersion;

    public Enricher(ActorDictionary actors, Attributor attributor, StanceLexicon lexicon, String rulesVersion) {
        this.actors = actors;
        this.attributor = attributor;
        this.stances = new StanceClassifier(lexicon);
        this.rulesVersion = rulesVersion;
    }

    /** The enricher with the dictionary and rules shipped in the jar. */
    public static Enricher bundled() {
        return new Enricher(ActorDictionary.bundled(), Attributor.bundled(), StanceLexicon.bundled(), hashOf(RULE_FILES));
    }

    /** The enricher with a user's actor file laid over the bundled dictionary ({@link ActorDictionary#withOverrides}). */
    public static Enricher withActors(java.nio.file.Path actorsFile) {
        if (actorsFile == null) {
            return bundled();
        }
        String version;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(hashOf(RULE_FILES).getBytes(StandardCharsets.UTF_8));
            sha.update(java.nio.file.Files.readAllBytes(actorsFile));
            version = HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + actorsFile + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new Enricher(ActorDictionary.withOverrides(actorsFile), Attributor.bundled(), StanceLexicon.bundled(), version);
    }

    /** Hash of the dictionary and rule files: every output carries it. */
    public String rulesVersion() {
        return rulesVersion;
    }

    public Result enrich(String text, LocalDate published, StatementKind kind, Discourse discourse) {
        List<Mention> mentions = actors.find(text, published);
        boolean context = discourse.topicInContext();
        Attribution who = attributor.attribute(text, mentions, kind, discourse);
        String role = actors.roleOf(who.speaker(), published);
        // Without a topic word of its own, a statement continues the talks topic of the statements
        // before it only when someone is speaking ("Let them resume," he said), not in narration.
        boolean speech = who.speaker() != null || partyAsSubject(text, mentions);
        StanceDecision stance = stances.classify(text, context && speech);
        discourse.statementRead(stance.topical() || stance.stance() != Stance.NONE);
        List<String> cues = new ArrayList<>(who.cues());
        if (stance.stance() == Stance.NONE) {
            cues.addAll(stance.cues());
            return Result.none(who.speaker(), who.party(), cues, role);
        }
        String holder = stance.speakersOwn() && who.party() != null ? who.party() : holder(text, mentions, stance.anchor(), who, cues);
        if (stance.speakersOwn() && who.party() != null) {
            cues.add("holder:speaker-states-or-dismisses-terms");
        }
        cues.addAll(stance.cues());
        if (holder == null) {
            cues.add("rule:no-holder");
            return Result.none(who.speaker(), null, cues, role);
        }
        EventCatalog.Event event = events.of(stance.stance(), text);
        cues.add("event:" + event.cameo());
        List<ConditionExtractor.Condition> terms = stance.stance() == Stance.CONDITIONAL
                || (stance.stance() == Stance.CLOSED && stance.cues().stream().anyMatch(c -> c.startsWith("condition:")))
                ? conditions.extract(text) : List.of();
        return new Result(who.speaker(), holder, stance.stance(), event.score(), List.copyOf(cues), event.cameo(),
                event.plover(), terms, role);
    }

    /**
     * The party whose position the stance describes: the nearest party named as a subject before
     * the decisive cue in its clause ("Peskov said Russia does not want..."), else the speaker's.
     */
    private String holder(String text, List<Mention> mentions, int anchor, Attribution who, List<String> cues) {
        int clauseStart = clauseStart(text, anchor);
        Mention subject = null;
        for (Mention m : mentions) {
            if (m.end() <= anchor && m.start() >= clauseStart && m.party() != null && !attributor.isObject(text, m.start())
                    && (attributor.isSubject(text, m.end()) || accusedOf(text, m))) {
                subject = m;
            }
        }
        if (subject != null) {
            cues.add("holder:subject:" + subject.surface());
            return subject.party();
        }
        if (who.party() != null) {
            cues.add("holder:speaker");
            return who.party();
        }
        for (Mention m : mentions) {
            if (m.party() != null && m.start() < anchor && !attributor.isObject(text, m.start())) {
                cues.add("holder:first-named:" + m.surface());
                return m.party();
            }
        }
        return null;
    }

    /** The statement's first name is a party acting as subject: "Moscow is now demanding...". */
    private boolean partyAsSubject(String text, List<Mention> mentions) {
        return !mentions.isEmpty() && mentions.get(0).party() != null && mentions.get(0).start() < 40
                && attributor.isSubject(text, mentions.get(0).end());
    }

    /** "accused Ukraine of lacking the desire to end the war": the accused party's position is described. */
    private static boolean accusedOf(String text, Mention m) {
        int before = Math.max(0, m.start() - 12);
        return text.substring(before, m.start()).toLowerCase(java.util.Locale.ROOT).matches(".*\\baccus\\w*\\s+(?:the\\s+)?$")
                && text.startsWith(" of ", m.end());
    }

    /** The start of the clause that holds the cue: after the last "but" or semicolon before it. */
    private static int clauseStart(String text, int anchor) {
        int start = 0;
        String lower = text.substring(0, Math.max(0, anchor)).toLowerCase(java.util.Locale.ROOT);
        for (String sep : List.of(" but ", "; ", " while ", " whereas ")) {
            int k = lower.lastIndexOf(sep);
            if (k >= 0) {
                start = Math.max(start, k + sep.length());
            }
        }
        return start;
    }

    static String hashOf(List<String> resources) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String r : resources) {
                try (InputStream in = Enricher.class.getClassLoader().getResourceAsStream(r)) {
                    if (in == null) {
                        throw new IllegalStateException(r + " is missing from the classpath");
                    }
                    sha.update(r.getBytes(StandardCharsets.UTF_8));
                    sha.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read rule files: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

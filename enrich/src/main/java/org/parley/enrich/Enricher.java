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
import java.util.Set;
import java.util.regex.Pattern;
import de.bwaldvogel.liblinear.Feature;
import org.parley.avro.Stance;
import org.parley.avro.StatementKind;
import org.parley.enrich.actors.ActorDictionary;
import org.parley.enrich.actors.Mention;
import org.parley.enrich.attribution.Attribution;
import org.parley.enrich.attribution.Attributor;
import org.parley.enrich.attribution.Discourse;
import org.parley.enrich.attribution.NameFinder;
import org.parley.enrich.model.SentenceEncoder;
import org.parley.enrich.model.StanceFeatures;
import org.parley.enrich.model.StanceHead;
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
     * @param confidence the stance model's probability of the stance it chose, or null where the rules decided
     */
    public record Result(String speaker, String party, Stance stance, Double score, List<String> cues, String cameo,
                         String plover, List<ConditionExtractor.Condition> conditions, String speakerRole,
                         Double confidence) {

        static Result none(String speaker, String party, List<String> cues, String speakerRole, Double confidence) {
            return new Result(speaker, party, Stance.NONE, null, List.copyOf(cues), null, null, List.of(), speakerRole,
                    confidence);
        }
    }

    /**
     * What the rules see in one statement in its article's context, before the stance is decided:
     * mentions, speaker, the rules' stance and whether the statement reaches the stance model.
     * Does not depend on the model, so training computes it once and tries many heads on it.
     */
    public final class Observation {
        private final String text;
        private final StatementKind kind;
        private final List<Mention> mentions;
        private final Attribution who;
        private final String role;
        private final StanceDecision rules;
        private final boolean contextual;
        private final String focus;
        private Boolean gated;
        private float[] embedding;

        private Observation(String text, StatementKind kind, List<Mention> mentions, Attribution who, String role,
                            StanceDecision rules, boolean contextual, String focus) {
            this.text = text;
            this.kind = kind;
            this.mentions = mentions;
            this.who = who;
            this.role = role;
            this.rules = rules;
            this.contextual = contextual;
            this.focus = focus;
        }

        /**
         * Whether the statement can carry a stance, so that the model reads it; otherwise it is NONE.
         * Only asked where there is a model, so the rules alone never pay for it.
         */
        public boolean gated() {
            if (gated == null) {
                gated = rules.topical() || rules.stance() != Stance.NONE || contextual || GATE.matcher(text).find();
            }
            return gated;
        }

        /** The text the sentence encoder reads. */
        public String text() {
            return text;
        }

        /** The stance model's input; computes the sentence vector on first use. */
        public Feature[] features(StanceHead.Settings settings) {
            if (embedding == null) {
                embedding = encoder.encode(text);
            }
            return StanceFeatures.of(embedding, flags(), text, settings.wordBuckets());
        }

        /** What the rules found, as the stance model reads it beside the sentence vector. */
        public Set<StanceFeatures.Flag> flags() {
            Set<StanceFeatures.Flag> flags = StanceFeatures.fromCues(rules.cues());
            flags.add(switch (rules.stance()) {
                case OPEN -> StanceFeatures.Flag.RULES_OPEN;
                case CONDITIONAL -> StanceFeatures.Flag.RULES_CONDITIONAL;
                case CLOSED -> StanceFeatures.Flag.RULES_CLOSED;
                case NONE -> StanceFeatures.Flag.RULES_NONE;
            });
            if (contextual) {
                flags.add(StanceFeatures.Flag.TOPIC_IN_CONTEXT);
            }
            if (who.speaker() != null) {
                flags.add(StanceFeatures.Flag.SPEAKER_NAMED);
            }
            if (who.party() != null) {
                flags.add(StanceFeatures.Flag.SPEAKER_HAS_PARTY);
            }
            if (mentions.stream().anyMatch(m -> m.party() != null)) {
                flags.add(StanceFeatures.Flag.PARTY_NAMED);
            }
            if (rules.speakersOwn()) {
                flags.add(StanceFeatures.Flag.SPEAKERS_OWN);
            }
            if (kind == StatementKind.DIRECT_QUOTE) {
                flags.add(StanceFeatures.Flag.DIRECT_QUOTE);
            } else if (kind == StatementKind.REPORTED_SPEECH) {
                flags.add(StanceFeatures.Flag.REPORTED_SPEECH);
            }
            return flags;
        }
    }

    static final List<String> RULE_FILES = List.of("parley/enrich/actors.yaml", "parley/enrich/stance-lexicon.yaml",
            "parley/enrich/attribution.yaml", "parley/enrich/events.yaml", "parley/enrich/conditions.yaml");

    /**
     * Words without which a statement states no position on talks: a statement with none of them,
     * no talks topic of its own or in context and no rule cue goes around the model as NONE.
     */
    private static final Pattern GATE = Pattern.compile("(?i)\\b(?:talk|negotiat|ceasefire|cease-fire|truce|peace|dialog"
            + "|deal|agree|settle|mediat|broker|summit|meet|plan|propos|offer|accept|reject|refus|demand|condition|term"
            + "|withdraw|surrender|compromise|concession|diplomac|diplomat|war\\b|conflict|fight|hostilit|end\\b|ready|willing"
            + "|open to|door|table|envoy|delegat|resume|freeze|halt|stop|pause|armistice|accord|framework|roadmap|initiative"
            + "|solution|resol|ultimatum|capitulat|victory|battlefield|never|impossible|pointless)");

    private static final Pattern COORDINATED = Pattern.compile("(?:['’]s)?(?:\\s*,\\s*[^,.;]{1,40}?)?\\s*,?\\s+(?:and|&)\\s+(?:the\\s+)?");
    private static final Pattern OBLIGATION = Pattern.compile(
            "(?i)(?<![\\p{L}])(?:must|should|has to|have to|needs? to|is obliged to|is required to)(?![\\p{L}])");

    private final ActorDictionary actors;
    private final NameFinder names;
    private final Attributor attributor;
    private final StanceClassifier stances;
    private final EventCatalog events = EventCatalog.bundled();
    private final ConditionExtractor conditions = ConditionExtractor.bundled();
    private final String baseVersion;
    private final String rulesVersion;
    private final StanceHead head;
    private final SentenceEncoder encoder;

    /** The rules alone, with no stance model. */
    public Enricher(ActorDictionary actors, Attributor attributor, StanceLexicon lexicon, String rulesVersion) {
        this(actors, attributor, lexicon, rulesVersion, null, null);
    }

    /**
     * @param head    the stance model, or null to let the rules decide
     * @param encoder the sentence encoder the head reads (needed with a head, and for training)
     */
    public Enricher(ActorDictionary actors, Attributor attributor, StanceLexicon lexicon, String rulesVersion,
                    StanceHead head, SentenceEncoder encoder) {
        if (head != null && encoder == null) {
            throw new IllegalArgumentException("a stance model needs its sentence encoder");
        }
        this.actors = actors;
        this.names = new NameFinder(actors);
        this.attributor = attributor;
        this.stances = new StanceClassifier(lexicon);
        this.head = head;
        this.encoder = encoder;
        this.baseVersion = rulesVersion;
        this.rulesVersion = head == null ? rulesVersion : combined(rulesVersion, head.version());
    }

    /** The enricher with the dictionary, rules and stance model shipped in the jar. */
    public static Enricher bundled() {
        return create(null, StanceHead.bundled());
    }

    /** The bundled dictionary and rules with no stance model: what {@code --model none} runs. */
    public static Enricher rulesOnly() {
        return create(null, null);
    }

    /**
     * The enricher with a user's actor file laid over the bundled dictionary ({@link ActorDictionary#withOverrides})
     * and the given stance model.
     *
     * @param actorsFile the user's actors, or null for the bundled dictionary alone
     * @param head       the stance model, or null for the rules alone
     */
    public static Enricher create(java.nio.file.Path actorsFile, StanceHead head) {
        SentenceEncoder encoder = head == null ? null : SentenceEncoder.named(head.encoder());
        if (actorsFile == null) {
            return new Enricher(ActorDictionary.bundled(), Attributor.bundled(), StanceLexicon.bundled(), hashOf(RULE_FILES),
                    head, encoder);
        }
        String version;
        try {
            version = combined(hashOf(RULE_FILES), HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(actorsFile)), 0, 6));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + actorsFile + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new Enricher(ActorDictionary.withOverrides(actorsFile), Attributor.bundled(), StanceLexicon.bundled(), version,
                head, encoder);
    }

    /** The same rules and dictionary with another stance model (training tries many on one set of observations). */
    public Enricher withHead(StanceHead other) {
        SentenceEncoder e = encoder != null && encoder.name().equals(other.encoder()) ? encoder : SentenceEncoder.named(other.encoder());
        return new Enricher(actors, attributor, stances, baseVersion, other, e);
    }

    private Enricher(ActorDictionary actors, Attributor attributor, StanceClassifier stances, String baseVersion,
                     StanceHead head, SentenceEncoder encoder) {
        this.actors = actors;
        this.names = new NameFinder(actors);
        this.attributor = attributor;
        this.stances = stances;
        this.head = head;
        this.encoder = encoder;
        this.baseVersion = baseVersion;
        this.rulesVersion = head == null ? baseVersion : combined(baseVersion, head.version());
    }

    /** The same enricher able to compute the model's features with the named encoder (for training). */
    public Enricher withEncoder(String name) {
        return encoder != null && encoder.name().equals(name) ? this
                : new Enricher(actors, attributor, stances, baseVersion, head, SentenceEncoder.named(name));
    }

    private static String combined(String a, String b) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(a.getBytes(StandardCharsets.UTF_8));
            sha.update(b.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hash of the dictionary, rule files and stance model: every output carries it. */
    public String rulesVersion() {
        return rulesVersion;
    }

    /** The stance model in use, or null when the rules decide alone. */
    public StanceHead head() {
        return head;
    }

    public Result enrich(String text, LocalDate published, StatementKind kind, Discourse discourse) {
        return decide(observe(text, published, kind, discourse), head);
    }

    /** Reads one statement in its article's context; the discourse moves on past it. */
    public Observation observe(String text, LocalDate published, StatementKind kind, Discourse discourse) {
        List<Mention> mentions = names.find(text, actors.find(text, published), discourse);
        boolean context = discourse.topicInContext();
        Attribution who = attributor.attribute(text, mentions, kind, discourse);
        String role = actors.roleOf(who.speaker(), published);
        // Without a topic word of its own, a statement continues the talks topic of the statements
        // before it only when someone is speaking ("Let them resume," he said), not in narration.
        boolean speech = who.speaker() != null || partyAsSubject(text, mentions);
        StanceDecision stance = stances.classify(text, context && speech);
        discourse.statementRead(stance.topical() || stance.stance() != Stance.NONE);
        String focus = discourse.focusParty();
        discourse.focusOn(who.party() != null ? who.party() : mentions.stream().filter(m -> m.party() != null
                && !attributor.isObject(text, m.start())).map(Mention::party).findFirst().orElse(null));
        return new Observation(text, kind, mentions, who, role, stance, context && speech, focus);
    }

    /**
     * The stance of an observed statement: the model's where a model is given and the statement
     * passes the gate, else the rules'; then the holder, event and conditions.
     */
    public Result decide(Observation o, StanceHead model) {
        String text = o.text;
        Attribution who = o.who;
        StanceDecision rules = o.rules;
        List<String> cues = new ArrayList<>(who.cues());
        Stance stance = rules.stance();
        Double confidence = null;
        if (model != null) {
            if (o.gated()) {
                StanceHead.Prediction p = model.predict(o.features(model.settings()));
                stance = p.stance();
                confidence = p.confidence();
                cues.add(String.format(java.util.Locale.ROOT, "model:%s:%.2f", stance, confidence));
            } else {
                stance = Stance.NONE;
                cues.add("model:gate:no-talks-words");
            }
        }
        if (stance == Stance.NONE) {
            cues.addAll(rules.cues());
            return Result.none(who.speaker(), who.party(), cues, o.role, confidence);
        }
        boolean own = rules.stance() != Stance.NONE && rules.speakersOwn() && who.party() != null;
        int anchor = rules.stance() != Stance.NONE ? rules.anchor() : text.length();
        String holder = own ? who.party() : holder(text, o.mentions, anchor, who, cues);
        if (own) {
            cues.add("holder:speaker-states-or-dismisses-terms");
        }
        cues.addAll(rules.cues());
        if (model != null && stance == Stance.CONDITIONAL && who.party() != null && holder != null && !holder.equals(who.party())
                && OBLIGATION.matcher(text).find()) {
            // "Russia must withdraw its troops first, he said": terms laid on another party are the speaker's.
            holder = who.party();
            cues.add("holder:speaker-sets-terms");
        }
        if (holder == null && model != null && o.focus != null) {
            // "The country said it would be open to a diplomatic solution": the party the article is about.
            holder = o.focus;
            cues.add("holder:article-focus");
        }
        if (holder == null) {
            cues.add("rule:no-holder");
            return Result.none(who.speaker(), null, cues, o.role, confidence);
        }
        EventCatalog.Event event = events.of(stance, text);
        cues.add("event:" + event.cameo());
        List<ConditionExtractor.Condition> terms = stance == Stance.CONDITIONAL
                || (stance == Stance.CLOSED && rules.cues().stream().anyMatch(c -> c.startsWith("condition:")))
                ? conditions.extract(text) : List.of();
        return new Result(who.speaker(), holder, stance, event.score(), List.copyOf(cues), event.cameo(),
                event.plover(), terms, o.role, confidence);
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
            // "Russia and Ukraine agreed...": of coordinated subjects, the first named holds it.
            for (Mention m : mentions) {
                if (m.end() < subject.start() && m.party() != null && !m.party().equals(subject.party())
                        && COORDINATED.matcher(text.substring(m.end(), subject.start())).matches()) {
                    cues.add("holder:first-of-coordinated:" + m.surface());
                    return m.party();
                }
            }
            cues.add("holder:subject:" + subject.surface());
            return subject.party();
        }
        if (who.party() != null) {
            cues.add("holder:speaker");
            return who.party();
        }
        // The first party named that is not an object; mentions come in text order, so one named
        // before the cue wins, else one after it ("No ceasefire without withdrawal: Thailand sets line...").
        for (Mention m : mentions) {
            if (m.party() != null && !attributor.isObject(text, m.start())) {
                cues.add((m.start() < anchor ? "holder:first-named:" : "holder:named-after-cue:") + m.surface());
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

package org.parley.enrich.actors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.enrich.text.Alternation;
import org.parley.enrich.text.WordScan;

/**
 * Who speaks for which party: people with dated tenure, institutions, places and descriptor
 * phrases, loaded from a YAML file ({@code parley/enrich/actors.yaml} in the jar, or a user's file
 * of the same shape). Finds their mentions in a statement, longest match first.
 */
public final class ActorDictionary {

    @JsonIgnoreProperties(ignoreUnknown = false)
    record File(List<PartyEntry> parties, List<ActorEntry> actors, List<String> descriptorNouns) {
    }

    record PartyEntry(String code, List<String> names, List<String> adjectives, List<String> places,
                      List<String> institutions) {
    }

    record ActorEntry(String name, String party, String role, List<String> aliases, LocalDate since, LocalDate until,
                      Boolean person, List<TermEntry> earlier) {
    }

    record TermEntry(String party, String role, LocalDate since, LocalDate until) {
    }

    private record Entry(Actor actor, String party, Mention.Kind kind, String canonical) {
    }

    /** ISO 3166-1 alpha-3 codes, and Kosovo's XKX: the party codes of states. */
    private static final Set<String> STATES = java.util.stream.Stream.concat(
            Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA3).stream(), java.util.stream.Stream.of("XKX"))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final Map<String, Entry> bySurface;
    private final Gazetteer<Entry> names;
    private final Pattern descriptors;
    private final Pattern possessiveDescriptor;
    private final Map<String, String> adjectiveToParty;
    private final Gazetteer<String> adjectives;
    private final Map<String, String> partyNames;
    private final List<Actor> officeHolders;

    private ActorDictionary(File file, String origin) {
        List<Actor> people = new ArrayList<>();
        Map<String, Entry> surface = new HashMap<>();
        Map<String, String> adjectives = new HashMap<>();
        Map<String, String> partyDisplay = new HashMap<>();
        for (PartyEntry p : nonNull(file.parties())) {
            require(p.code() != null, origin, "a party without code");
            partyDisplay.put(p.code(), nonNull(p.names()).isEmpty() ? p.code() : p.names().get(0));
            // A state's name as subject is narration ("Moscow has declared"); an organisation's or an
            // armed group's name speaks ("Hamas said", "the RSF said"): codes that name no state are organisations.
            boolean organisation = !STATES.contains(p.code());
            for (String n : nonNull(p.names())) {
                surface.put(n, organisation ? new Entry(null, p.code(), Mention.Kind.INSTITUTION, n)
                        : new Entry(null, p.code(), Mention.Kind.PLACE, null));
            }
            for (String n : nonNull(p.places())) {
                surface.put(n, new Entry(null, p.code(), Mention.Kind.PLACE, null));
            }
            for (String n : nonNull(p.institutions())) {
                surface.put(n, new Entry(null, p.code(), Mention.Kind.INSTITUTION, n));
            }
            for (String a : nonNull(p.adjectives())) {
                // Descriptions are looked for at word starts only.
                require(!a.isEmpty() && Character.isLetter(a.charAt(0)), origin, "an adjective must start with a letter: '" + a + "'");
                adjectives.put(a, p.code());
            }
        }
        for (ActorEntry a : nonNull(file.actors())) {
            require(a.name() != null && (a.party() != null || "media".equals(a.role())), origin,
                    "an actor needs name and party (only role media may have none): " + a);
            List<Actor.Term> earlier = new ArrayList<>();
            for (TermEntry t : nonNull(a.earlier())) {
                require(t.party() != null, origin, "an earlier office needs its party: " + a.name());
                earlier.add(new Actor.Term(t.party(), t.role() == null ? "official" : t.role(), t.since(), t.until()));
            }
            Actor actor = new Actor(a.name(), a.party(), a.role() == null ? "official" : a.role(),
                    List.copyOf(nonNull(a.aliases())), a.since(), a.until(), a.person() == null || a.person(), earlier);
            surface.put(a.name(), new Entry(actor, a.party(), actor.person() ? Mention.Kind.PERSON : Mention.Kind.INSTITUTION, a.name()));
            if (actor.person() && (OFFICES.containsValue(actor.role())
                    || actor.earlier().stream().anyMatch(t -> OFFICES.containsValue(t.role())))) {
                people.add(actor);
            }
            if (a.name().startsWith("The ")) {
                surface.putIfAbsent("the " + a.name().substring(4), surface.get(a.name()));
            }
            for (String alias : actor.aliases()) {
                surface.putIfAbsent(alias, new Entry(actor, a.party(), actor.person() ? Mention.Kind.PERSON : Mention.Kind.INSTITUTION, a.name()));
            }
        }
        this.bySurface = Map.copyOf(surface);
        this.officeHolders = List.copyOf(people);
        this.adjectiveToParty = Map.copyOf(adjectives);
        this.adjectives = new Gazetteer<>(adjectives);
        this.partyNames = Map.copyOf(partyDisplay);
        this.names = new Gazetteer<>(surface);
        List<String> nouns = nonNull(file.descriptorNouns());
        // "Russia's foreign ministry", "Sudan's army-backed government": a role after a state's possessive.
        this.possessiveDescriptor = nouns.isEmpty() ? null : Pattern.compile(
                "\\G['’]s\\s+((?:[\\p{Ll}-]+\\s+){0,3}?(?i:" + Alternation.of(nouns, true) + ")" + OF_BODY + ")(?![\\p{L}])");
        this.descriptors = nouns.isEmpty() || adjectives.isEmpty() ? null : Pattern.compile(
                "(?<![\\p{L}])(?:(?i:an?|the|one|two|several|multiple|some|senior|top|high-ranking|unnamed|anonymous)\\s+)*"
                        + "(?:(?i:senior|top|high-ranking|unnamed|anonymous)\\s+)?"
                        + "(" + Alternation.of(adjectives.keySet()) + ")"
                        + "(?:\\s+(?:and|or)\\s+(?:" + Alternation.of(adjectives.keySet()) + "))?"
                        + "(?:\\s+(?i:senior|top|high-ranking|government|state|military|security|foreign|defen[cs]e|presidential))*\\s+"
                        + "((?i:" + Alternation.of(nouns, true) + ")" + OF_BODY + ")(?![\\p{L}])");
    }

    /** Whether a one-word alias spells the surname differently rather than naming the person otherwise. */
    private static boolean respelling(String surname, String alias) {
        String a = withoutAccents(alias);
        String b = withoutAccents(surname);
        return a.length() >= 3 && b.length() >= 3 && a.regionMatches(0, b, 0, 3);
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private static String withoutAccents(String s) {
        return MARKS.matcher(java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /** The field of a ministry or body, part of its name: "Ministry of Foreign Affairs", "ministry of defence". */
    private static final String OF_BODY = "(?:(?<=(?i:ministry))\\s+of\\s+(?:the\\s+)?\\p{Lu}\\p{L}+(?:\\s+(?:and\\s+)?\\p{Lu}\\p{L}+)*)?";

    /** The dictionary shipped in the jar. */
    public static ActorDictionary bundled() {
        try (InputStream in = ActorDictionary.class.getClassLoader().getResourceAsStream("parley/enrich/actors.yaml")) {
            if (in == null) {
                throw new IllegalStateException("parley/enrich/actors.yaml is missing from the classpath");
            }
            return load(in, "parley/enrich/actors.yaml");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read parley/enrich/actors.yaml: " + e.getMessage(), e);
        }
    }

    /**
     * The bundled dictionary with a user's file laid over it: the user's parties replace bundled
     * ones of the same code, the user's actors those of the same name, and everything else is added.
     */
    public static ActorDictionary withOverrides(java.nio.file.Path userFile) {
        File bundled;
        try (InputStream in = ActorDictionary.class.getClassLoader().getResourceAsStream("parley/enrich/actors.yaml")) {
            bundled = read(in, "parley/enrich/actors.yaml");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled actors: " + e.getMessage(), e);
        }
        File user;
        try (InputStream in = java.nio.file.Files.newInputStream(userFile)) {
            user = read(in, userFile.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + userFile + ": " + e.getMessage(), e);
        }
        java.util.Map<String, PartyEntry> parties = new java.util.LinkedHashMap<>();
        nonNull(bundled.parties()).forEach(p -> parties.put(p.code(), p));
        nonNull(user.parties()).forEach(p -> parties.put(p.code(), p));
        java.util.Map<String, ActorEntry> actors = new java.util.LinkedHashMap<>();
        nonNull(bundled.actors()).forEach(a -> actors.put(a.name(), a));
        nonNull(user.actors()).forEach(a -> actors.put(a.name(), a));
        java.util.Set<String> nouns = new java.util.LinkedHashSet<>(nonNull(bundled.descriptorNouns()));
        nouns.addAll(nonNull(user.descriptorNouns()));
        return new ActorDictionary(new File(List.copyOf(parties.values()), List.copyOf(actors.values()), List.copyOf(nouns)),
                userFile.toString());
    }

    private static File read(InputStream in, String origin) {
        ObjectMapper yaml = JsonMapper.builder(new YAMLFactory()).findAndAddModules()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        try {
            if (in == null) {
                throw new IllegalStateException(origin + " is missing");
            }
            return yaml.readValue(in, File.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** Loads a dictionary; errors name the origin and, where YAML knows it, the line. */
    public static ActorDictionary load(InputStream in, String origin) {
        ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
                .findAndAddModules()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        try {
            return new ActorDictionary(yaml.readValue(in, File.class), origin);
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** All mentions in a text, left to right, longest first where they overlap. */
    public List<Mention> find(String text, LocalDate date) {
        List<Mention> out = new ArrayList<>();
        if (descriptors != null && adjectives.containsAny(text)) {
            // A description starts with a word (its lookbehind wants no letter before it): try it at word starts only.
            for (MatchResult d : WordScan.findAtWordStarts(descriptors, text, WordScan.wordStarts(text))) {
                String party = adjectiveToParty.get(d.group(1));
                Actor holder = formerly(text, d.start()) ? null : officeHolder(party, d.group(), date);
                out.add(new Mention(d.start(), d.end(), d.group(), holder, party,
                        holder != null ? holder.name() : speakerForm(d.group()), Mention.Kind.DESCRIPTOR));
            }
        }
        for (Gazetteer.Match<Entry> m : names.find(text)) {
            if (overlaps(out, m.start(), m.end())) {
                continue;
            }
            Entry e = m.value();
            int start = m.start();
            String surfaceText = text.substring(m.start(), m.end());
            String speaker = e.canonical();
            if (e.kind() == Mention.Kind.PERSON && surfaceText.indexOf(' ') > 0) {
                speaker = surfaceText; // a full name as the article writes it ("Sergey Kislitsa")
            } else if (e.kind() == Mention.Kind.PERSON && speaker.indexOf(' ') > 0
                    && !speaker.toLowerCase(Locale.ROOT).contains(surfaceText.toLowerCase(Locale.ROOT))
                    && respelling(speaker.substring(speaker.lastIndexOf(' ') + 1), surfaceText)) {
                // A surname spelt as this article spells it: "Orbán" gives "Viktor Orbán", "Zelenskyy" "Volodymyr Zelenskyy";
                // a byname ("Hemedti" for Mohamed Hamdan Dagalo) is no spelling of the surname and leaves the name whole.
                speaker = speaker.substring(0, speaker.lastIndexOf(' ') + 1) + surfaceText;
            }
            if (e.kind() == Mention.Kind.INSTITUTION && e.actor() == null) {
                // "the Kremlin" as speaker name keeps its article, as the guidelines write it.
                boolean article = start >= 4 && text.regionMatches(true, start - 4, "the ", 0, 4);
                speaker = article ? "the " + surfaceText : surfaceText;
            }
            String party = e.actor() == null ? e.party() : e.actor().partyOn(date);
            Matcher pd = possessiveDescriptor == null || (e.kind() != Mention.Kind.PLACE && e.kind() != Mention.Kind.PERSON)
                    ? null : possessiveDescriptor.matcher(text).region(m.end(), text.length());
            if (pd != null && pd.lookingAt() && !overlaps(out, m.end(), pd.end())) {
                // "Russia's foreign minister", "Putin's press secretary": the office's holder when the dictionary knows one.
                String described = text.substring(start, pd.end());
                Actor holder = party == null ? null : officeHolder(party, "the " + pd.group(1), date);
                if (holder != null || e.kind() == Mention.Kind.PLACE) {
                    out.add(new Mention(start, pd.end(), described, holder, party, holder != null ? holder.name() : described,
                            Mention.Kind.DESCRIPTOR));
                    continue;
                }
            }
            out.add(new Mention(start, m.end(), surfaceText, e.actor(), party, speaker, e.kind()));
        }
        out.sort(Comparator.comparingInt(Mention::start));
        return out;
    }

    /**
     * The role of a named speaker on a date (head_of_state, negotiator...), or null when the name
     * is no actor's or the actor was out of office then.
     */
    public String roleOf(String speaker, LocalDate date) {
        Entry e = speaker == null ? null : bySurface.get(speaker);
        if (e == null && speaker != null && speaker.indexOf(' ') > 0) {
            // "Viktor Orbán" for the canonical "Viktor Orban": the given names, then the article's spelling of the surname.
            Entry bySurname = bySurface.get(speaker.substring(speaker.lastIndexOf(' ') + 1));
            String canonical = bySurname == null || bySurname.actor() == null ? null : bySurname.actor().name();
            if (canonical != null && canonical.indexOf(' ') > 0
                    && speaker.startsWith(canonical.substring(0, canonical.lastIndexOf(' ') + 1))) {
                e = bySurname;
            }
        }
        return e == null || e.actor() == null ? null : e.actor().roleOn(date);
    }

    /**
     * Offices that one person holds at a time, as a definite description names them ("the Russian
     * foreign minister"), and the dictionary role of their holder. Spokespeople, envoys and
     * negotiators are many per party, so a description of one names no one in particular.
     */
    private static final Map<String, String> OFFICES = Map.of(
            "foreign minister", "foreign_minister", "top diplomat", "foreign_minister",
            "prime minister", "head_of_government", "premier", "head_of_government", "chancellor", "head_of_government",
            "president", "head_of_state", "head of state", "head_of_state");
    private static final Pattern INDEFINITE = Pattern.compile("(?i)(?:an?|one|two|several|some|multiple)\\b");
    private static final Pattern OFFICE = Pattern.compile(
            "(?i)^(?:the\\s+)?(?:[\\p{L}.-]+\\s+){0,2}?(foreign minister|top diplomat|prime minister|premier|chancellor|president|"
                    + "head of state|leader)$");

    /**
     * The one person in the dictionary holding the office a definite, singular description names
     * for a party on a date ("the Russian president", "Ukraine's foreign minister", "Putin's press
     * secretary"), or null when the description is indefinite or plural, or the office has no
     * single holder the dictionary knows.
     */
    Actor officeHolder(String party, String description, LocalDate date) {
        if (party == null || !description.regionMatches(true, 0, "the ", 0, 4) && !Character.isUpperCase(description.charAt(0))
                || INDEFINITE.matcher(description).lookingAt()) {
            return null;
        }
        Matcher m = OFFICE.matcher(description.trim());
        if (!m.matches()) {
            return null;
        }
        String office = m.group(1).toLowerCase(Locale.ROOT);
        // "the Ukrainian leader": the head of state or of government, where the dictionary knows only one of them.
        Set<String> roles = office.equals("leader") ? Set.of("head_of_state", "head_of_government") : Set.of(OFFICES.get(office));
        Actor found = null;
        for (Actor a : officeHolders) {
            String role = a.roleOn(date);
            if (role != null && roles.contains(role) && party.equals(a.partyOn(date))) {
                if (found != null) {
                    return null;
                }
                found = a;
            }
        }
        return found;
    }

    private static final Pattern FORMER = Pattern.compile("(?i)(?:former|ex-|late|then|past|previous|future|next|new)\\s*$");

    /** Whether the words just before a description put its office at another time ("the former Russian president"). */
    private static boolean formerly(String text, int start) {
        return FORMER.matcher(text.substring(Math.max(0, start - 12), start)).find();
    }

    /** Party code of an adjective ("Russian" -> RUS), or null. */
    public String partyOfAdjective(String adjective) {
        return adjectiveToParty.get(adjective);
    }

    public Map<String, String> partyNames() {
        return partyNames;
    }

    private static String speakerForm(String descriptor) {
        return descriptor.replaceFirst("^(?i)(an?|the|one|two|several|multiple|some)\\s+", "");
    }

    private static boolean overlaps(List<Mention> found, int start, int end) {
        for (Mention f : found) {
            if (start < f.end() && f.start() < end) {
                return true;
            }
        }
        return false;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static void require(boolean ok, String origin, String what) {
        if (!ok) {
            throw new IllegalArgumentException(origin + ": " + what);
        }
    }

    @Override
    public String toString() {
        return "ActorDictionary[" + bySurface.size() + " names, " + adjectiveToParty.size() + " adjectives]";
    }
}

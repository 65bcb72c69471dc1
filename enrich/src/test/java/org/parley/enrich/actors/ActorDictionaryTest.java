package org.parley.enrich.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActorDictionaryTest {

    private final ActorDictionary dictionary = ActorDictionary.bundled();

    @Test
    void findsPeopleInstitutionsPlacesAndDescriptors() {
        List<Mention> m = dictionary.find(
                "A senior Russian source said the Kremlin and Zelenskyy disagree, while Kyiv waits.", LocalDate.of(2024, 5, 24));
        // The speaker keeps the article's spelling of a surname alias ("Zelenskyy"), after the canonical given names.
        assertThat(m).extracting(Mention::speakerName).containsExactly("senior Russian source", "the Kremlin", "Volodymyr Zelenskyy", null);
        assertThat(dictionary.roleOf("Volodymyr Zelenskyy", LocalDate.of(2024, 5, 24))).isEqualTo("head_of_state");
        assertThat(dictionary.roleOf("Volodymyr Zelenskiy", LocalDate.of(2024, 5, 24))).as("no alias spells it so").isEqualTo("head_of_state");
        assertThat(m).extracting(Mention::party).containsExactly("RUS", "RUS", "UKR", "UKR");
        assertThat(m).extracting(Mention::kind).containsExactly(
                Mention.Kind.DESCRIPTOR, Mention.Kind.INSTITUTION, Mention.Kind.PERSON, Mention.Kind.PLACE);
    }

    @Test
    void partyFollowsTheTenureAtTheArticleDate() {
        assertThat(dictionary.find("Kuleba spoke.", LocalDate.of(2023, 1, 1))).singleElement()
                .extracting(Mention::party).isEqualTo("UKR");
        assertThat(dictionary.find("Kuleba spoke.", LocalDate.of(2025, 1, 1))).singleElement()
                .extracting(Mention::party).isNull();
    }

    @Test
    void definiteDescriptionOfAOneHolderOfficeNamesItsHolderOnTheDate() {
        String yaml = """
                descriptorNouns: [president, leader, foreign minister, spokesman, official]
                parties: [{code: ISL, names: [Abcland], adjectives: [Abcian]}]
                actors:
                  - {name: Anna Old, party: ISL, role: head_of_state, until: 2023-12-31}
                  - {name: Bert New, party: ISL, role: head_of_state, since: 2024-01-01}
                  - {name: Cara Far, party: ISL, role: foreign_minister}
                  - {name: Dan Talk, party: ISL, role: spokesperson}
                  - {name: Eve Voice, party: ISL, role: spokesperson}
                """;
        ActorDictionary d = ActorDictionary.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "offices.yaml");
        LocalDate y2024 = LocalDate.of(2024, 6, 1);
        assertThat(d.find("The Abcian president said so.", y2024)).singleElement().extracting(Mention::speakerName).isEqualTo("Bert New");
        assertThat(d.find("The Abcian president said so.", LocalDate.of(2023, 6, 1))).singleElement()
                .extracting(Mention::speakerName).isEqualTo("Anna Old");
        assertThat(d.find("Abcland's foreign minister said so.", y2024)).singleElement()
                .extracting(Mention::speakerName).isEqualTo("Cara Far");
        assertThat(d.find("The Abcian leader said so.", y2024)).singleElement().extracting(Mention::speakerName).isEqualTo("Bert New");
        // Indefinite, past and many-holder descriptions name no one.
        assertThat(d.find("A former Abcian president said so.", y2024)).singleElement()
                .extracting(Mention::speakerName).isEqualTo("Abcian president");
        assertThat(d.find("An Abcian official said so.", y2024)).singleElement()
                .extracting(Mention::speakerName).isEqualTo("Abcian official");
        assertThat(d.find("The Abcian spokesman said so.", y2024)).singleElement()
                .extracting(Mention::speakerName).isEqualTo("Abcian spokesman");
    }

    @Test
    void aPersonSpeaksForTheOfficeHeldOnTheDate() {
        String yaml = """
                descriptorNouns: [prime minister]
                parties:
                  - {code: ISL, names: [Abcland], adjectives: [Abcian]}
                  - {code: UNI, names: [Union]}
                actors:
                  - {name: Kara Moves, party: UNI, role: foreign_minister, since: 2024-12-01, aliases: [Moves],
                     earlier: [{party: ISL, role: head_of_government, since: 2021-01-26, until: 2024-07-22}]}
                """;
        ActorDictionary d = ActorDictionary.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "terms.yaml");
        assertThat(d.find("Moves spoke.", LocalDate.of(2023, 5, 1))).singleElement().extracting(Mention::party).isEqualTo("ISL");
        assertThat(d.find("Moves spoke.", LocalDate.of(2025, 5, 1))).singleElement().extracting(Mention::party).isEqualTo("UNI");
        assertThat(d.find("Moves spoke.", LocalDate.of(2024, 9, 1))).as("between the offices").singleElement()
                .extracting(Mention::party).isNull();
        assertThat(d.roleOf("Kara Moves", LocalDate.of(2023, 5, 1))).isEqualTo("head_of_government");
        assertThat(d.roleOf("Kara Moves", LocalDate.of(2025, 5, 1))).isEqualTo("foreign_minister");
        assertThat(d.find("The Abcian prime minister said so.", LocalDate.of(2023, 5, 1))).singleElement()
                .extracting(Mention::speakerName).isEqualTo("Kara Moves");
    }

    @Test
    void aNameWithAnApostropheMatchesWrittenEitherWayAndAPossessiveStillEndsAName() {
        String yaml = """
                parties: [{code: ISL, names: [Abcland], adjectives: [Abcian]}]
                actors:
                  - {name: Gil Sa'ad, party: ISL, role: foreign_minister, aliases: [Sa'ad]}
                """;
        ActorDictionary d = ActorDictionary.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "apostrophe.yaml");
        LocalDate day = LocalDate.of(2025, 1, 1);
        assertThat(d.find("Sa’ad said Abcland's terms stand.", day)).extracting(Mention::surface).containsExactly("Sa’ad", "Abcland");
        assertThat(d.find("Gil Sa'ad spoke.", day)).extracting(Mention::party).containsExactly("ISL");
        assertThat(d.find("Sa’adi spoke.", day)).as("whole words only").isEmpty();
    }

    @Test
    void aliasesMatchWholeWordsOnly() {
        assertThat(dictionary.find("Putinism is a word.", LocalDate.of(2024, 1, 1))).isEmpty();
    }

    @Test
    void userFileErrorsNameTheFile() {
        String bad = "actors:\n  - {name: X, party: RUS, nickname: y}\n";
        assertThatThrownBy(() -> ActorDictionary.load(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)), "my-actors.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("my-actors.yaml");
    }

    @Test
    void userFileAddsActors() {
        String yaml = """
                parties: [{code: RUS, names: [Russia], adjectives: [Russian]}]
                actors: [{name: Anna Example, party: RUS, role: envoy, since: 2024-01-01, aliases: [Example]}]
                """;
        ActorDictionary d = ActorDictionary.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "mine.yaml");
        assertThat(d.find("Example said so.", LocalDate.of(2024, 6, 1))).singleElement()
                .satisfies(m -> {
                    assertThat(m.speakerName()).isEqualTo("Anna Example");
                    assertThat(m.party()).isEqualTo("RUS");
                });
    }
}

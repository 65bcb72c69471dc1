package org.parley.enrich.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.enrich.actors.ActorDictionary;
import org.parley.enrich.actors.Mention;

class NameFinderTest {

    private static final LocalDate DATE = LocalDate.of(2024, 12, 11);
    private final ActorDictionary actors = ActorDictionary.bundled();
    private final NameFinder finder = new NameFinder(actors);

    private List<Mention> people(String text, Discourse d) {
        return finder.find(text, actors.find(text, DATE), d).stream().filter(m -> m.kind() == Mention.Kind.PERSON).toList();
    }

    @Test
    void aNameIntroducedWithAnOfficeIsAPersonOfThatOfficesParty() {
        Discourse d = new Discourse();
        List<Mention> p = people("Azerbaijan’s Deputy Foreign Minister Rauf Karimzade told a conference in Baku that talks stalled.", d);
        assertThat(p).singleElement().satisfies(m -> {
            assertThat(m.speakerName()).isEqualTo("Rauf Karimzade");
            assertThat(m.party()).isEqualTo("AZE");
        });
        List<Mention> later = people("Karimzade said the treaty could be signed within months.", d);
        assertThat(later).singleElement().satisfies(m -> {
            assertThat(m.surface()).isEqualTo("Karimzade");
            assertThat(m.speakerName()).as("the full name from the earlier statement").isEqualTo("Rauf Karimzade");
            assertThat(m.party()).isEqualTo("AZE");
        });
    }

    @Test
    void anAppositiveOfficeNamesThePerson() {
        List<Mention> p = people("Olena Kovalenko, a Ukrainian deputy foreign minister, said the proposal was unacceptable.", new Discourse());
        assertThat(p).singleElement().satisfies(m -> {
            assertThat(m.speakerName()).isEqualTo("Olena Kovalenko");
            assertThat(m.party()).isEqualTo("UKR");
        });
    }

    @Test
    void aFullNameAfterTheVerbThatClosesAQuotationIsAPerson() {
        Discourse d = new Discourse();
        List<Mention> p = people("“The door to talks is open,” said Marta Quintero Alvarez in an interview.", d);
        assertThat(p).singleElement().extracting(Mention::speakerName).isEqualTo("Marta Quintero Alvarez");
        assertThat(people("Quintero added that no date was set.", d)).singleElement()
                .extracting(Mention::speakerName).isEqualTo("Marta Quintero Alvarez");
        assertThat(people("The rebels said Monday that they would attend.", new Discourse())).isEmpty();
    }

    @Test
    void oneCapitalisedWordBetweenAQuotationAndASpeechVerbIsASurname() {
        assertThat(people("“We will not sign this deal,” Okonkwo said on Monday.", new Discourse())).singleElement()
                .extracting(Mention::speakerName).isEqualTo("Okonkwo");
        assertThat(people("“We will not sign this deal,” Hamas said.", new Discourse())).isEmpty();
        assertThat(people("“We will not sign this deal,” Yesterday officials said.", new Discourse())).isEmpty();
    }

    @Test
    void anUnknownAcronymBeforeASpeechVerbIsABodyThatSpeaksButAnOfficeIsNot() {
        String text = "In a statement, the ZXLF said it was ready for talks.";
        assertThat(finder.find(text, actors.find(text, DATE), new Discourse())).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(Mention.Kind.INSTITUTION);
            assertThat(m.speakerName()).isEqualTo("ZXLF");
        });
        String mp = "The MP argued that talks were premature.";
        assertThat(finder.find(mp, actors.find(mp, DATE), new Discourse())).isEmpty();
    }

    @Test
    void aFormerOfficeGivesNoParty() {
        List<Mention> p = people("Former Russian Deputy Prime Minister Arkady Petrenko said talks were needed.", new Discourse());
        assertThat(p).singleElement().satisfies(m -> {
            assertThat(m.speakerName()).isEqualTo("Arkady Petrenko");
            assertThat(m.party()).isNull();
        });
    }

    @Test
    void thePersonWinsOverTheTitleBeforeTheirName() {
        String text = "Ukrainian President Volodymyr Zelensky said Ukraine was ready for a ceasefire.";
        List<Mention> all = finder.find(text, actors.find(text, DATE), new Discourse());
        assertThat(all).noneMatch(m -> m.kind() == Mention.Kind.DESCRIPTOR);
        assertThat(all).anyMatch(m -> m.kind() == Mention.Kind.PERSON && m.speakerName().contains("Zelensky"));
    }

    @Test
    void capitalisedWordsThatAreNoNamesAreNotPeople() {
        assertThat(people("The Foreign Minister On Tuesday said nothing.", new Discourse())).isEmpty();
        assertThat(people("Talks resumed in Geneva on Monday.", new Discourse())).isEmpty();
    }
}

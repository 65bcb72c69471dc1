package org.parley.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.parley.avro.Stance;
import org.parley.avro.StatementKind;
import org.parley.enrich.attribution.Discourse;

/** Attribution and stance rules on sentence shapes real news uses (written for these tests). */
class EnricherTest {

    private static final LocalDate DATE = LocalDate.of(2024, 6, 1);
    private final Enricher enricher = Enricher.rulesOnly();

    private Enricher.Result enrich(String text) {
        return enricher.enrich(text, DATE, StatementKind.REPORTED_SPEECH, new Discourse());
    }

    @Test
    void speakerNamedBeforeTheVerb() {
        Enricher.Result r = enrich("Kremlin spokesman Dmitry Peskov said on Tuesday that Russia is ready for talks.");
        assertThat(r.speaker()).isEqualTo("Dmitry Peskov");
        assertThat(r.party()).isEqualTo("RUS");
        assertThat(r.stance()).isEqualTo(Stance.OPEN);
        assertThat(r.score()).isPositive();
        assertThat(r.cues()).contains("open:ready");
    }

    @Test
    void speakerAfterTheQuotation() {
        Enricher.Result r = enrich("“We will not consider any ceasefire proposals,” said Sergei Lavrov.");
        assertThat(r.speaker()).isEqualTo("Sergei Lavrov");
        assertThat(r.stance()).isEqualTo(Stance.CLOSED);
        assertThat(r.score()).isNegative();
        assertThat(r.speakerRole()).isEqualTo("foreign_minister");
    }

    @Test
    void pronounResolvesToThePersonNamedBefore() {
        Discourse d = new Discourse();
        enricher.enrich("Ukraine's chief negotiator Davyd Arakhamia spoke in Kyiv.", DATE, StatementKind.NARRATION, d);
        Enricher.Result r = enricher.enrich("Russia was “prepared to end the war if we agreed to neutrality,” he says.",
                DATE, StatementKind.DIRECT_QUOTE, d);
        assertThat(r.speaker()).isEqualTo("Davyd Arakhamia");
        assertThat(r.speakerRole()).as("the role follows the speaker resolved across sentences").isEqualTo("negotiator");
        assertThat(r.party()).as("words reported about Russia's position").isEqualTo("RUS");
        assertThat(r.stance()).isEqualTo(Stance.CONDITIONAL);
    }

    @Test
    void partyNamedAfterTheCueHoldsItWhenNoneComesBefore() {
        Enricher.Result r = enrich("No ceasefire without withdrawal: Thailand sets line ahead of ASEAN talks");
        assertThat(r.stance()).isEqualTo(Stance.CLOSED);
        assertThat(r.party()).isEqualTo("THA");
        assertThat(r.cues()).contains("holder:named-after-cue:Thailand");
        Enricher.Result object = enrich("No ceasefire with Hamas for now.");
        assertThat(object.party()).as("the party after the cue is its object").isNull();
        assertThat(object.cues()).contains("rule:no-holder");
    }

    @Test
    void negatedRefusalIsOpen() {
        Enricher.Result r = enrich("Maria Zakharova said Moscow does not rule out contacts on a settlement.");
        assertThat(r.stance()).isEqualTo(Stance.OPEN);
        assertThat(r.cues()).anyMatch(c -> c.startsWith("negated-closed:"));
    }

    @Test
    void negatedReadinessIsClosed() {
        assertThat(enrich("Zelensky said Ukraine is not ready to negotiate with Putin.").stance()).isEqualTo(Stance.CLOSED);
    }

    @Test
    void notWantingEternalWarIsOpen() {
        Enricher.Result r = enrich("Peskov said Russia does not want eternal war.");
        assertThat(r.stance()).isEqualTo(Stance.OPEN);
        assertThat(r.party()).isEqualTo("RUS");
    }

    @Test
    void readinessWithDemandsIsConditional() {
        Enricher.Result r = enrich("Lavrov said Russia is ready to negotiate, but only if Ukraine renounces NATO membership.");
        assertThat(r.stance()).isEqualTo(Stance.CONDITIONAL);
        assertThat(r.score()).isBetween(0.0, 0.4);
    }

    @Test
    void dismissingTalksIsClosed() {
        assertThat(enrich("Medvedev said the talks were a farce.").stance()).isEqualTo(Stance.CLOSED);
    }

    @Test
    void statementAboutSomethingElseHasNoStance() {
        Enricher.Result r = enrich("Peskov said the harvest in the Kuban region was good this year.");
        assertThat(r.stance()).isEqualTo(Stance.NONE);
        assertThat(r.score()).isNull();
    }

    @Test
    void institutionSpeaksForItsParty() {
        Enricher.Result r = enrich("The Kremlin has rejected the proposals as unrealistic.");
        assertThat(r.speaker()).isEqualTo("the Kremlin");
        assertThat(r.party()).isEqualTo("RUS");
        assertThat(r.stance()).isEqualTo(Stance.CLOSED);
    }

    @Test
    void formerOfficialHoldsNoPartyPosition() {
        Enricher.Result r = enricher.enrich("Gerhard Schroeder said he was ready to mediate.", LocalDate.of(2024, 1, 10),
                StatementKind.REPORTED_SPEECH, new Discourse());
        assertThat(r.speaker()).isEqualTo("Gerhard Schroeder");
        assertThat(r.stance()).isEqualTo(Stance.NONE);
    }

    @Test
    void mediatorOfferingToHostIsOpenForItsOwnParty() {
        Enricher.Result r = enrich("Turkish President Recep Tayyip Erdogan offered to host talks between Moscow and Kyiv.");
        assertThat(r.party()).isEqualTo("TUR");
        assertThat(r.stance()).isEqualTo(Stance.OPEN);
    }

    @Test
    void scoresFollowTheGoldsteinWeightOfTheCameoEvent() {
        Enricher.Result open = enrich("Peskov said Russia is ready for talks.");
        assertThat(open.cameo()).isEqualTo("036");
        assertThat(open.plover()).isEqualTo("AGREE");
        assertThat(open.score()).isEqualTo(0.4);
        Enricher.Result halt = enrich("Dmitry Medvedev announced the formal cessation of negotiations between Moscow and Kiev.");
        assertThat(halt.stance()).isEqualTo(Stance.CLOSED);
        assertThat(halt.cameo()).isEqualTo("164");
        assertThat(halt.score()).isEqualTo(-0.7);
        Enricher.Result plan = enrich("The Kremlin has rejected the peace plan as unrealistic.");
        assertThat(plan.cameo()).isEqualTo("127");
        Enricher.Result conditional = enrich("Lavrov said Russia is ready to negotiate, but only if Ukraine renounces NATO membership.");
        assertThat(conditional.cameo()).isEqualTo("036");
        assertThat(conditional.score()).isEqualTo(0.2);
        assertThat(enrich("The weather was fine.").cameo()).isNull();
    }

    @Test
    void conditionalStatementsCarryTheirConditionsAsTopicsWithSpans() {
        String text = "Putin said Russia would end the war if Ukraine withdrew its troops from four regions and renounced NATO membership.";
        Enricher.Result r = enrich(text);
        assertThat(r.stance()).isEqualTo(Stance.CONDITIONAL);
        assertThat(r.conditions()).extracting(c -> c.topic()).contains("troop_withdrawal", "territory", "neutrality_nato");
        r.conditions().forEach(c -> assertThat(text.substring(c.start(), c.end())).isEqualTo(c.text()));
        assertThat(enrich("Peskov said Russia is ready for talks.").conditions()).isEmpty();
    }

    @Test
    void nameBeforeAnAppositiveIsTheSpeaker() {
        Enricher.Result r = enrich("Sergei Lavrov, who has led Russian diplomacy for two decades, said Moscow was ready for talks.");
        assertThat(r.speaker()).isEqualTo("Sergei Lavrov");
        assertThat(r.party()).isEqualTo("RUS");
    }

    @Test
    void theListenerOfToldIsNoSpeakerOrHolder() {
        Enricher.Result r = enrich("Turkish President Recep Tayyip Erdogan told Putin that Turkey was ready to host talks.");
        assertThat(r.speaker()).isEqualTo("Recep Tayyip Erdogan");
        assertThat(r.party()).isEqualTo("TUR");
    }

    @Test
    void definiteDescriptionOfTheLastSpeakersOfficeRefersBack() {
        Discourse d = new Discourse();
        enricher.enrich("Sergei Lavrov spoke to Brazilian media on Monday.", DATE, StatementKind.NARRATION, d);
        Enricher.Result r = enricher.enrich("The Russian foreign minister said Moscow demands neutrality for Ukraine.", DATE,
                StatementKind.REPORTED_SPEECH, d);
        assertThat(r.speaker()).isEqualTo("Sergei Lavrov");
    }

    @Test
    void statementWithoutATopicWordContinuesTheTalksTopicOfTheStatementsBefore() {
        Discourse d = new Discourse();
        enricher.enrich("Russian Foreign Minister Sergei Lavrov set out Moscow's conditions for a peace settlement.", DATE,
                StatementKind.REPORTED_SPEECH, d);
        Enricher.Result r = enricher.enrich("He demands the recognition of the annexed regions.", DATE, StatementKind.NARRATION, d);
        assertThat(r.stance()).isEqualTo(Stance.CONDITIONAL);
        assertThat(r.party()).isEqualTo("RUS");
        assertThat(r.cues()).contains("topic:from-context");
        // Narration with no speaker does not borrow the topic.
        Discourse d2 = new Discourse();
        enricher.enrich("Lavrov said Russia is ready for talks.", DATE, StatementKind.REPORTED_SPEECH, d2);
        assertThat(enricher.enrich("Prices rose sharply after the announcement was rejected.", DATE, StatementKind.NARRATION, d2)
                .stance()).isEqualTo(Stance.NONE);
    }

    @Test
    void readinessFollowedByALimitIsConditionalAndARefusalFollowedByReadinessIsOpen() {
        assertThat(enrich("Moscow said it remains open to discussions but will not accept a deal that ignores its interests.")
                .stance()).isEqualTo(Stance.CONDITIONAL);
        assertThat(enrich("A Russian source said Putin can fight for as long as it takes, but is also ready for a ceasefire.")
                .stance()).isEqualTo(Stance.OPEN);
    }

    @Test
    void hypotheticalsAndAccusationsDoNotDecideWhenThePartyStatesItsOwnPosition() {
        Enricher.Result r = enrich("Rubio said Ukraine was ready to stop shooting and start talking, adding that if Russia were to reject the proposal, the world would know.");
        assertThat(r.stance()).isEqualTo(Stance.OPEN);
        assertThat(r.party()).isEqualTo("UKR");
        Enricher.Result accused = enrich("Lavrov said Russia is open to negotiations, but again accused Kyiv of being unwilling to talk.");
        assertThat(accused.stance()).isEqualTo(Stance.OPEN);
        assertThat(accused.party()).isEqualTo("RUS");
    }

    @Test
    void accusedPartysPositionWhenThatIsAllTheStatementSays() {
        Enricher.Result r = enrich("Peskov accused Europe of not being interested in a diplomatic solution.");
        assertThat(r.stance()).isEqualTo(Stance.CLOSED);
        assertThat(r.party()).isEqualTo("EU");
    }

    @Test
    void dismissingTheOtherSidesTermsIsClosedForTheSpeakersParty() {
        Discourse d = new Discourse();
        enricher.enrich("Iranian Foreign Minister Abbas Araqchi spoke about the nuclear talks.", DATE, StatementKind.NARRATION, d);
        Enricher.Result r = enricher.enrich("But he said US demands for Tehran to stop enrichment were \"a joke\".", DATE,
                StatementKind.REPORTED_SPEECH, d);
        assertThat(r.stance()).isEqualTo(Stance.CLOSED);
        assertThat(r.party()).isEqualTo("IRN");
    }

    @Test
    void obligationsLaidOnAPartyAreTheSpeakersTerms() {
        Enricher.Result r = enrich("The Azerbaijani Foreign Ministry said Armenia must amend its constitution before a peace treaty is signed.");
        assertThat(r.stance()).isEqualTo(Stance.CONDITIONAL);
        assertThat(r.party()).isEqualTo("AZE");
        assertThat(r.conditions()).extracting(c -> c.topic()).contains("constitution");
    }

    @Test
    void subjectOfAPassiveHoldsNoPosition() {
        Enricher.Result r = enrich("Ukraine has indicated that Russia would only be invited to the peace talks if it agreed to preconditions.");
        assertThat(r.party()).isEqualTo("UKR");
    }

    @Test
    void newsOutletsSpeakButHoldNoPartyPosition() {
        Enricher.Result r = enrich("According to TASS, the Russian side proposed neutrality for Ukraine as part of a settlement.");
        assertThat(r.speaker()).isEqualTo("TASS");
        assertThat(r.party()).isEqualTo("RUS");
    }

    @Test
    void everyOutputCarriesTheRulesVersion() {
        assertThat(enricher.rulesVersion()).matches("[0-9a-f]{12}");
    }

    @Test
    void readinessWithoutAnyPreconditionsIsOpen() {
        Enricher.Result r = enrich("Kremlin spokesman Dmitry Peskov said Russia was ready to resume direct negotiations without any preconditions.");
        assertThat(r.stance()).isEqualTo(Stance.OPEN);
        assertThat(r.party()).isEqualTo("RUS");
    }

    @Test
    void cannotAndDenialNegateReadiness() {
        assertThat(enrich("Ukrainian Foreign Minister Andrii Sybiha said Ukraine cannot agree to talks while the shelling goes on.").stance())
                .isEqualTo(Stance.CLOSED);
        Enricher.Result denied = enrich("The foreign ministry denied that Moscow was ready for a ceasefire.");
        assertThat(denied.stance()).isEqualTo(Stance.CLOSED);
        assertThat(denied.party()).isEqualTo("RUS");
    }

    @Test
    void organisationsAndPeopleNamedByTheirOfficeAreSpeakers() {
        Discourse d = new Discourse();
        Enricher.Result hamas = enricher.enrich("Hamas said it rejected the latest proposal for a truce.", DATE, StatementKind.REPORTED_SPEECH, d);
        assertThat(hamas.speaker()).isEqualTo("Hamas");
        assertThat(hamas.party()).isEqualTo("HAMAS");
        Discourse e = new Discourse();
        Enricher.Result officer = enricher.enrich("In a long interview on Sunday about the border talks, Ruritania's Deputy Foreign Minister "
                + "Anton Velkov characterised the proposal as a trap.", DATE, StatementKind.REPORTED_SPEECH, e);
        assertThat(officer.speaker()).isEqualTo("Anton Velkov");
        Enricher.Result later = enricher.enrich("Velkov added that the door to negotiations remained open.", DATE,
                StatementKind.REPORTED_SPEECH, e);
        assertThat(later.speaker()).isEqualTo("Anton Velkov");
    }

    private java.util.List<Enricher.Result> article(String... statements) {
        Discourse d = new Discourse();
        java.util.List<Enricher.Result> out = new java.util.ArrayList<>();
        for (String t : statements) {
            out.add(enricher.enrich(t, DATE, StatementKind.REPORTED_SPEECH, d));
        }
        return out;
    }

    @Test
    void theirViewAndAccordingToTheirOfficeReferBackToTheLastSpeaker() {
        var r = article("Ruritanian Foreign Minister Anton Velkov spoke to reporters in the capital on Monday.",
                "In his opinion, the talks were a waste of time.",
                "According to the foreign minister, a ceasefire was not on the table.",
                "According to the plan, the troops would withdraw in stages.");
        assertThat(r.get(1).speaker()).isEqualTo("Anton Velkov");
        assertThat(r.get(2).speaker()).isEqualTo("Anton Velkov");
        assertThat(r.get(3).speaker()).as("a plan is no office").isNull();
    }

    @Test
    void aFullNameBeforeASpeechVerbOrAfterAnOfficeAndACommaSpeaks() {
        assertThat(enrich("Marta Kovac said the government was ready for talks.").speaker()).isEqualTo("Marta Kovac");
        assertThat(enrich("A spokesperson for the Ruritanian foreign ministry, Ilse Marek, said talks would resume.").speaker())
                .isEqualTo("Ilse Marek");
        assertThat(enrich("The Rapid Response Unit said the talks would resume.").speaker()).as("no name is no person").isNull();
    }

    @Test
    void itBeforeASpeechVerbIsTheLastSpeakerAndThePersonWinsOverTheOutlet() {
        var r = article("Hamas said on Monday it had received the proposal.", "It added that it would study the text.");
        assertThat(r.get(1).speaker()).isEqualTo("Hamas");
        assertThat(enrich("Sergei Lavrov said the proposal was unacceptable, according to TASS.").speaker()).isEqualTo("Sergei Lavrov");
        assertThat(enrich("The talks are over, Sergei Lavrov told TASS.").speaker()).isEqualTo("Sergei Lavrov");
    }

    @Test
    void aSurnameKeepsTheArticlesSpellingAfterTheCanonicalGivenNames() {
        assertThat(enrich("Zelenskiy said Ukraine would not give up its land.").speaker()).isEqualTo("Volodymyr Zelenskiy");
    }

    @Test
    void aBynameIsNoSpellingOfTheSurname() {
        assertThat(enrich("Hemedti said the RSF would not return to Jeddah.").speaker()).isEqualTo("Mohamed Hamdan Dagalo");
    }

    @Test
    void aTypographicApostropheInASpeakersNameIsThePlainOne() {
        assertThat(enrich("Thailand’s Ministry of Foreign Affairs said Cambodia must first declare a ceasefire.").speaker())
                .isEqualTo("Thailand's Ministry of Foreign Affairs");
    }

    @Test
    void theSourcesAndContinuedReferBackToTheLastSpeaker() {
        // Narration, so that neither a quotation's continuation nor reported speech's last-speaker rule can answer instead.
        Discourse d = new Discourse();
        Enricher e = Enricher.rulesOnly();
        assertThat(e.enrich("Indian government sources said there would be no talks at a neutral site.", DATE,
                StatementKind.NARRATION, d).speaker()).isEqualTo("Indian government sources");
        assertThat(e.enrich("The sources added that any talks would be bilateral.", DATE, StatementKind.NARRATION, d).speaker())
                .isEqualTo("Indian government sources");
        assertThat(e.enrich("Talks can only be bilateral, he continued.", DATE, StatementKind.NARRATION, d).speaker())
                .isEqualTo("Indian government sources");
        assertThat(e.enrich("The fighting continued for days.", DATE, StatementKind.NARRATION, new Discourse()).speaker())
                .as("continued reports speech only before a stop or comma").isNull();
    }

    @Test
    void ofCoordinatedSubjectsTheFirstNamedHoldsTheStance() {
        Enricher.Result r = enrich("Russia and Ukraine said they were ready to resume talks in Istanbul.");
        assertThat(r.stance()).isEqualTo(Stance.OPEN);
        assertThat(r.party()).isEqualTo("RUS");
    }

    @Test
    void aHeadlineNamesItsSpeakerAfterTheColon() {
        Enricher.Result r = enrich("Russia open to Turkish mediation in the Ukraine crisis: Sergei Lavrov");
        assertThat(r.speaker()).isEqualTo("Sergei Lavrov");
        assertThat(r.party()).isEqualTo("RUS");
    }

    @Test
    void aHeadlineNamesItsSpeakerAfterADash() {
        Enricher.Result r = enrich("No talks while Russian troops stay on our land – Yermak");
        assertThat(r.speaker()).isEqualTo("Andriy Yermak");
        assertThat(r.cues()).contains("speaker:headline-last");
        assertThat(enrich("Talks with Russia are possible - but not now").speaker()).as("a dash before other words").isNull();
    }

    @Test
    void aNameAndAColonBeforeAQuotationSpeaks() {
        assertThat(enrich("Quote from Zakharova: “A settlement is possible only if Kyiv stops fighting.”").speaker())
                .isEqualTo("Maria Zakharova");
        assertThat(enrich("Ukraine, Zelensky: “The Russian paper is an ultimatum, not a memorandum”").speaker())
                .isEqualTo("Volodymyr Zelensky");
    }

    @Test
    void aSpokespersonForAPartyIsTheSpeakerNotTheParty() {
        Enricher.Result r = enrich("A spokesperson for the Houthis says attacks on ships will go on until Israel stops its offensive.");
        assertThat(r.speaker()).isEqualTo("spokesperson for the Houthis");
        assertThat(r.party()).isEqualTo("HOUTHIS");
        assertThat(enrich("A spokesman for Hamas, Hazem Qassem, said the group rejects the demand.").speaker())
                .as("the named spokesman still speaks").isEqualTo("Hazem Qassem");
    }

    @Test
    void aNameAfterTheSpeechVerbSpeaksOnlyWhereTheVerbIsInverted() {
        assertThat(enrich("“The door is open,” said Sergei Lavrov.").speaker()).isEqualTo("Sergei Lavrov");
        assertThat(enrich("Officials in Kyiv told reporters the Kremlin was not serious about peace.").speaker())
                .isNotEqualTo("the Kremlin");
    }

    @Test
    void theRussianPresidentIsTheDictionarysPresidentOnTheDate() {
        assertThat(enrich("The Russian president said Moscow was ready for talks.").speaker()).isEqualTo("Vladimir Putin");
        assertThat(enrich("A former Ukrainian president said talks were needed.").speaker()).doesNotContain("Zelensk");
    }

    @Test
    void aBackReferenceThatNamesAnotherPartyIsNotTheLastSpeaker() {
        var r = article("Sergei Lavrov said Moscow was open to talks.", "The Ukrainian president said there would be no talks.");
        assertThat(r.get(1).speaker()).isEqualTo("Volodymyr Zelensky");
        var same = article("Sergei Lavrov said Moscow was open to talks.", "The Russian foreign minister added that Kyiv must accept the terms.");
        assertThat(same.get(1).speaker()).isEqualTo("Sergei Lavrov");
    }

    @Test
    void thePersonAnAppositiveEndsWithSpeaksNotTheBodyBeforeIt() {
        assertThat(enrich("Secretary of Ukraine's National Security and Defense Council, Oleksiy Danilov, firmly stated that "
                + "talks were impossible.").speaker()).isEqualTo("Oleksiy Danilov");
    }

    @Test
    void reportedSpeechThatNamesNoSpeakerContinuesTheLastOne() {
        var r = article("Sergei Lavrov said on Monday that Moscow was open to talks.", "The terms, it was reiterated, had not changed.");
        assertThat(r.get(1).speaker()).isEqualTo("Sergei Lavrov");
        assertThat(r.get(1).cues()).contains("speaker:last-speaker");
        var none = article("Heavy rain fell on the capital.", "The terms, it was reiterated, had not changed.");
        assertThat(none.get(1).speaker()).isNull();
    }
}

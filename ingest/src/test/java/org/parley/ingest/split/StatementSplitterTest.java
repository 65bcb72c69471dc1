package org.parley.ingest.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.avro.StatementKind;

class StatementSplitterTest {

    private final StatementSplitter splitter = new StatementSplitter();

    private List<String> texts(String text) {
        return splitter.split(text).stream().map(Sentence::text).toList();
    }

    @Test
    void splitsPlainSentencesAndKeepsExactOffsets() {
        String text = "Talks resumed on Monday. Both sides met in Istanbul! Will they agree?";
        List<Sentence> s = splitter.split(text);
        assertThat(s).extracting(Sentence::text).containsExactly(
                "Talks resumed on Monday.", "Both sides met in Istanbul!", "Will they agree?");
        for (Sentence sentence : s) {
            assertThat(text.substring(sentence.start(), sentence.end())).isEqualTo(sentence.text());
        }
    }

    @Test
    void titlesMonthsAndInitialsDoNotEndASentence() {
        assertThat(texts("Mr. Peskov met Gen. Gerasimov on Jan. 5 in Moscow. Vladimir V. Putin was not there."))
                .containsExactly("Mr. Peskov met Gen. Gerasimov on Jan. 5 in Moscow.", "Vladimir V. Putin was not there.");
    }

    @Test
    void dottedAcronymEndsASentenceOnlyBeforeATypicalOpener() {
        assertThat(texts("The U.S. State Department said so. He left for the U.S. The talks went on."))
                .containsExactly("The U.S. State Department said so.", "He left for the U.S.", "The talks went on.");
    }

    @Test
    void decimalsAndDomainsStayWhole() {
        assertThat(texts("Growth was 3.5 percent, kremlin.ru said. Nothing else."))
                .containsExactly("Growth was 3.5 percent, kremlin.ru said.", "Nothing else.");
    }

    @Test
    void quotationRunningOverSeveralSentencesIsOneStatement() {
        String text = "“This is a sensible position. There is an acceptable position for Ukraine as well.” "
                + "Lukashenko said. Then he left.";
        assertThat(texts(text)).containsExactly(
                "“This is a sensible position. There is an acceptable position for Ukraine as well.” Lukashenko said.",
                "Then he left.");
    }

    @Test
    void straightQuotesSpanningSentencesAlsoStayTogether() {
        assertThat(texts("\"We will not consider it. We were deceived,\" the diplomat noted. Talks stalled."))
                .containsExactly("\"We will not consider it. We were deceived,\" the diplomat noted.", "Talks stalled.");
    }

    @Test
    void sentenceEndsAfterClosingQuote() {
        assertThat(texts("Putin answered, “Let them resume.” The Kremlin agreed."))
                .containsExactly("Putin answered, “Let them resume.”", "The Kremlin agreed.");
    }

    @Test
    void unclosedQuoteDoesNotSwallowTheParagraph() {
        assertThat(texts("He said “we are ready. Nobody believed it. The end."))
                .containsExactly("He said “we are ready.", "Nobody believed it.", "The end.");
    }

    @Test
    void emDashesAndEllipsesInsideQuotes() {
        assertThat(texts("“Putin is ready for a ceasefire—to freeze the war… The rest is detail,” a source said."))
                .hasSize(1);
        assertThat(texts("The talks stalled… Then they resumed."))
                .containsExactly("The talks stalled…", "Then they resumed.");
    }

    @Test
    void statementsNeverCrossParagraphsAndKnowTheirParagraph() {
        List<Sentence> s = splitter.split("First paragraph ends here\nSecond one. Has two.\n\nThird.");
        assertThat(s).extracting(Sentence::text).containsExactly("First paragraph ends here", "Second one.", "Has two.", "Third.");
        assertThat(s).extracting(Sentence::paragraph).containsExactly(0, 1, 1, 2);
    }

    @Test
    void classifiesDirectQuotesReportedSpeechAndNarration() {
        assertThat(splitter.kindOf("“We are open to a dialogue,” Putin said.")).isEqualTo(StatementKind.DIRECT_QUOTE);
        assertThat(splitter.kindOf("Peskov said Russia does not want eternal war.")).isEqualTo(StatementKind.REPORTED_SPEECH);
        assertThat(splitter.kindOf("The talks took place in Istanbul in 2022.")).isEqualTo(StatementKind.NARRATION);
        // A scare-quoted single word is no quotation.
        assertThat(splitter.kindOf("The so-called “referendums” took place.")).isEqualTo(StatementKind.NARRATION);
    }

    @Test
    void emptyAndBlankTextsGiveNoStatements() {
        assertThat(splitter.split("")).isEmpty();
        assertThat(splitter.split(" \n\n ")).isEmpty();
    }
}

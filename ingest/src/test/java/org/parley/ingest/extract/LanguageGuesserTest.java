package org.parley.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageGuesserTest {

    private final LanguageGuesser guesser = new LanguageGuesser();

    @Test
    void tellsCommonNewsLanguagesApart() {
        assertThat(guesser.guess("Peskov said that the Kremlin was ready for talks with Kyiv and that it would not set conditions."))
                .isEqualTo("en");
        assertThat(guesser.guess("Песков заявил, что Кремль готов к переговорам, но только если Киев примет условия.")).isEqualTo("ru");
        assertThat(guesser.guess("Зеленський заявив, що Україна готова до переговорів, але тільки після виведення військ."))
                .isEqualTo("uk");
        assertThat(guesser.guess("Der Kanzler sagte, dass die Gespräche mit Moskau nicht aufgenommen werden, solange der Krieg andauert."))
                .isEqualTo("de");
        assertThat(guesser.guess("Le ministre a déclaré que la France est prête à accueillir des négociations pour la paix."))
                .isEqualTo("fr");
    }

    @Test
    void tooLittleTextIsUnknown() {
        assertThat(guesser.guess("Putin")).isNull();
        assertThat(guesser.guess("")).isNull();
    }
}

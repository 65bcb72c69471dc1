package org.parley.enrich.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AlternationTest {

    /** The flat alternation the trie replaces: the longest words first. */
    private static String flat(List<String> words) {
        return String.join("|", words.stream().sorted(Comparator.comparingInt(String::length).reversed()
                .thenComparing(Comparator.naturalOrder())).map(Pattern::quote).toList());
    }

    /** Every match of the pattern, with its group 1, as find() gives them. */
    private static List<String> matches(String regex, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(m.start() + ":" + m.group() + ":" + m.group(1));
        }
        return out;
    }

    @Test
    void writesSharedPrefixesOnceAndTheLongerWordFirst() {
        assertThat(Alternation.of(List.of("Russia", "Russian", "Russians", "Ukrainian"))).isEqualTo("(?:Russia(?:ns?)?|Ukrainian)");
        assertThat(Alternation.of(List.of("U.S.", "US"))).isEqualTo("U(?:\\.S\\.|S)");
        assertThat(Alternation.of(List.of("Foreign Ministry", "foreign ministry", "FOREIGN"), true)).isEqualTo("foreign(?:\\ ministry)?");
    }

    @Test
    void findsWhatTheFlatAlternationFinds() {
        // Words sharing prefixes, followed by what a pattern may still require, so that a longer
        // word can fail later and leave the shorter one to match: the trie must back off the same way.
        Random random = new Random(7);
        String letters = "abAB -";
        for (int round = 0; round < 300; round++) {
            List<String> words = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                StringBuilder w = new StringBuilder();
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    w.append(letters.charAt(random.nextInt(letters.length())));
                }
                words.add(w.toString());
            }
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < 60; k++) {
                text.append(letters.charAt(random.nextInt(letters.length())));
            }
            for (String tail : List.of("", "(?= )", "b")) {
                assertThat(matches("(" + Alternation.of(words) + ")" + tail, text.toString()))
                        .as("%s%s in '%s'", words, tail, text)
                        .isEqualTo(matches("(" + flat(words) + ")" + tail, text.toString()));
                assertThat(matches("(?i:(" + Alternation.of(words, true) + ")" + tail + ")", text.toString()))
                        .as("case-insensitive %s%s in '%s'", words, tail, text)
                        .isEqualTo(matches("(?i:(" + flat(words) + ")" + tail + ")", text.toString()));
            }
        }
    }

    @Test
    void refusesWhatWouldMatchEverywhereOrNothing() {
        assertThatThrownBy(() -> Alternation.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no words");
        assertThatThrownBy(() -> Alternation.of(List.of("a", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty word");
    }
}

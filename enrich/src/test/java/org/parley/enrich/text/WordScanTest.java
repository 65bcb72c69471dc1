package org.parley.enrich.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WordScanTest {

    private static final List<String> PHRASES = List.of(
            "(?:ready|willing) to (?:talk|negotiate)", "rejects?", "no talks", "(?<!not )open to", "ceasefire",
            "u\\.s\\.", "a+ha", "x?y", "(?:peace)+ plan", "sit down", "seek(?:s|ing)?", "(?:talks|truce)",
            "d[ei]al", "wo?n't", "é?lan");

    private static Pattern wrap(String alternation) {
        return Pattern.compile("(?<![\\p{L}])(?:" + alternation + ")(?![\\p{L}])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    @Test
    void startsReadsTheFirstTwoLettersOfEachWayAPhraseCanBegin() {
        assertThat(starts("(?:ready|willing) to")).containsExactly("re", "wi");
        assertThat(starts("rejects?")).containsExactly("re");
        assertThat(starts("(?<!not )open")).containsExactly("op");
        assertThat(starts("a+ha")).containsExactly("a");
        assertThat(starts("wo?n't")).containsExactly("w");
        assertThat(starts("d[ei]al")).containsExactly("d");
        assertThat(starts("(?:peace)+ plan")).isEmpty();
        assertThat(starts("x?y")).isEmpty();
    }

    @Test
    void bucketsFindWhatOnePatternTriedAtEveryWordStartFinds() {
        WordScan.Buckets buckets = new WordScan.Buckets(PHRASES, WordScanTest::wrap);
        Pattern all = wrap(String.join("|", PHRASES));
        String[] words = {"Ready", "to", "talk", "rejects", "reject", "no", "talks", "not", "open", "to", "U.S.", "aaha",
            "y", "xy", "peacepeace", "plan", "sit", "down", "seeking", "truce", "deal", "dial", "won't", "wn't", "élan",
            "lan", "re", "r", "opening", "cease", "ceasefire", "the", "willing", "negotiate", ",", "."};
        Random random = new Random(7);
        for (int n = 0; n < 2000; n++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0, len = 1 + random.nextInt(12); w < len; w++) {
                text.append(words[random.nextInt(words.length)]).append(random.nextInt(5) == 0 ? "" : " ");
            }
            String t = text.toString();
            int[] starts = WordScan.wordStarts(t);
            assertThat(flat(WordScan.scan(buckets, t, starts))).as(t).isEqualTo(flat(WordScan.scan(all, t, starts)));
        }
    }

    private static Set<String> starts(String regex) {
        Set<String> out = new TreeSet<>();
        WordScan.Buckets.starts(regex, "", 2, out);
        return out;
    }

    private static List<String> flat(List<int[]> spans) {
        return spans.stream().map(s -> s[0] + "-" + s[1]).toList();
    }
}

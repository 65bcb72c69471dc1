package org.parley.enrich.attribution;

import java.util.List;

/**
 * Who says a statement.
 *
 * @param speaker the speaker as commonly written, or null for narration
 * @param party   the party the speaker speaks for at the article's date, or null
 * @param cues    the rule that found the speaker ("speaker:said-after-name")
 */
public record Attribution(String speaker, String party, List<String> cues) {

    static Attribution none() {
        return new Attribution(null, null, List.of());
    }
}

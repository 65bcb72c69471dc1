package org.parley.enrich.attribution;

import java.util.List;

/**
 * Who says a statement.
 *
 * @param speaker the speaker as commonly written, or null for narration; a typographic apostrophe
 *                is written as the plain one, so that "Sa’ar" and "Sa'ar", "Iran’s Foreign Ministry"
 *                and "Iran's Foreign Ministry" are one speaker
 * @param party   the party the speaker speaks for at the article's date, or null
 * @param cues    the rule that found the speaker ("speaker:said-after-name")
 */
public record Attribution(String speaker, String party, List<String> cues) {

    public Attribution {
        if (speaker != null) {
            speaker = speaker.replace('\u2019', '\'').replace('\u2018', '\'');
        }
    }

    static Attribution none() {
        return new Attribution(null, null, List.of());
    }
}

package org.parley.ingest.extract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Guesses the language of a text from its most frequent function words, for articles whose
 * source declares none. The word lists are data ({@code parley/ingest/stopwords.txt}); a text
 * is given the language whose words make up the largest share of its tokens, when that share is
 * clear enough, else null (unknown).
 */
public final class LanguageGuesser {

    private static final double MIN_SHARE = 0.08;
    private final Map<String, Set<String>> words;

    public LanguageGuesser() {
        this.words = load("parley/ingest/stopwords.txt");
    }

    /** A BCP 47 language tag ("en", "ru", "uk"...), or null when the text does not tell. */
    public String guess(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Map<String, Integer> hits = new HashMap<>();
        int tokens = 0;
        for (String token : text.toLowerCase(Locale.ROOT).split("[^\\p{L}']+")) {
            if (token.isEmpty()) {
                continue;
            }
            tokens++;
            for (Map.Entry<String, Set<String>> lang : words.entrySet()) {
                if (lang.getValue().contains(token)) {
                    hits.merge(lang.getKey(), 1, Integer::sum);
                }
            }
            if (tokens >= 400) {
                break;
            }
        }
        if (tokens < 4) {
            return null;
        }
        String best = null;
        int bestHits = 0;
        for (Map.Entry<String, Integer> h : hits.entrySet()) {
            if (h.getValue() > bestHits) {
                best = h.getKey();
                bestHits = h.getValue();
            }
        }
        return best != null && bestHits >= MIN_SHARE * tokens ? best : null;
    }

    private static Map<String, Set<String>> load(String resource) {
        InputStream in = LanguageGuesser.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is missing from the classpath");
        }
        Map<String, Set<String>> out = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int colon = l.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalStateException(resource + ":" + n + ": expected 'lang: word word ...'");
                }
                Set<String> set = out.computeIfAbsent(l.substring(0, colon).strip(), k -> new HashSet<>());
                for (String w : l.substring(colon + 1).strip().split("\\s+")) {
                    set.add(w.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }
}

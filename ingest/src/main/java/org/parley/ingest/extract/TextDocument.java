package org.parley.ingest.extract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A plain-text article file: an optional leading block of {@code # key: value} lines closed by a
 * blank line (metadata: {@code date}, {@code source}, {@code title}...), then the text. The text is
 * kept as the exact substring of the file so that offsets map back to the file by adding
 * {@link #bodyOffset()}.
 */
public record TextDocument(Map<String, String> metadata, String body, int bodyOffset) {

    private static final Pattern HEADER_LINE = Pattern.compile("#\\s*([A-Za-z][\\w-]*)\\s*:\\s*(.*)");

    /**
     * The bodies of the {@code .txt} files of a folder (not its subfolders), in name order: a
     * corpus of articles as the benchmarks read it.
     *
     * @throws IllegalArgumentException where the folder does not exist or holds no {@code .txt} file
     */
    public static List<String> bodiesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no such articles folder: " + dir);
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                out.add(parse(Files.readString(f, StandardCharsets.UTF_8)).body());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no .txt articles in " + dir);
        }
        return out;
    }

    public static TextDocument parse(String content) {
        String s = content.startsWith("\uFEFF") ? content.substring(1) : content;
        int bom = content.length() - s.length();
        Map<String, String> meta = new LinkedHashMap<>();
        int pos = 0;
        while (pos < s.length()) {
            int eol = s.indexOf('\n', pos);
            String line = (eol < 0 ? s.substring(pos) : s.substring(pos, eol)).replace("\r", "");
            Matcher m = HEADER_LINE.matcher(line);
            if (!m.matches()) {
                break;
            }
            meta.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2).strip());
            pos = eol < 0 ? s.length() : eol + 1;
        }
        if (!meta.isEmpty()) {
            // The header block ends at the first blank line; without one there is no header.
            int eol = s.indexOf('\n', pos);
            String line = (eol < 0 ? s.substring(pos) : s.substring(pos, eol)).replace("\r", "");
            if (!line.isBlank()) {
                return new TextDocument(Map.of(), s, bom);
            }
            pos = eol < 0 ? s.length() : eol + 1;
        }
        return new TextDocument(Collections.unmodifiableMap(meta), s.substring(pos), bom + pos);
    }

    /** The {@code # date:} metadata as a date, or null when absent or unreadable. */
    public LocalDate date() {
        String d = metadata.get("date");
        if (d == null) {
            return null;
        }
        try {
            return LocalDate.parse(d.length() >= 10 ? d.substring(0, 10) : d);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

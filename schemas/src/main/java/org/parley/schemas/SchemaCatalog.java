package org.parley.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The Avro schemas Parley has ever written, as shipped in the jar: the current {@code .avsc}
 * files under {@code parley/avro/} and every earlier version under {@code parley/avro-history/},
 * indexed by their 64-bit Rabin fingerprint, which is what the single-object encoding header
 * carries. A downstream consumer can do the same with the published files and plain Avro.
 */
public final class SchemaCatalog {

    /** Current schema files, in dependency order (Statement before the records that nest it). */
    static final List<String> CURRENT = List.of(
            "Article", "Statement", "EnrichedStatement", "PartyOpenness", "StanceAlert", "DeadLetter");

    private static final SchemaCatalog INSTANCE = load();

    private final Map<String, Schema> current;
    private final Map<String, List<Schema>> history;
    private final Map<Long, Schema> byFingerprint;

    private SchemaCatalog(Map<String, Schema> current, Map<String, List<Schema>> history) {
        this.current = Collections.unmodifiableMap(current);
        this.history = Collections.unmodifiableMap(history);
        Map<Long, Schema> fps = new LinkedHashMap<>();
        history.values().forEach(list -> list.forEach(s -> fps.put(fingerprint(s), s)));
        current.values().forEach(s -> fps.put(fingerprint(s), s));
        this.byFingerprint = Collections.unmodifiableMap(fps);
    }

    /** The catalog read from the classpath once; it is immutable. */
    public static SchemaCatalog get() {
        return INSTANCE;
    }

    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** Current schema of a record, by simple name ("Article"). */
    public Schema current(String name) {
        Schema s = current.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no schema named " + name);
        }
        return s;
    }

    public Map<String, Schema> current() {
        return current;
    }

    /** Earlier committed versions of a record, oldest first (may include the current one). */
    public List<Schema> history(String name) {
        return history.getOrDefault(name, List.of());
    }

    /** Every known writer schema, by fingerprint. */
    public Map<Long, Schema> byFingerprint() {
        return byFingerprint;
    }

    private static SchemaCatalog load() {
        Map<String, Schema> current = parseAll("parley/avro/", CURRENT);
        Map<String, List<Schema>> history = new LinkedHashMap<>();
        for (String name : CURRENT) {
            for (int version = 1; ; version++) {
                String path = "parley/avro-history/" + name + ".v" + version + ".avsc";
                if (SchemaCatalog.class.getClassLoader().getResource(path) == null) {
                    break;
                }
                // History files are self-contained (nested types inlined), so each gets its own parser.
                history.computeIfAbsent(name, k -> new ArrayList<>()).add(parse(new Schema.Parser(), path));
            }
        }
        return new SchemaCatalog(current, history);
    }

    /** Parses a set of files with one parser, so that later files may name types of earlier ones. */
    static Map<String, Schema> parseAll(String folder, List<String> names) {
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> out = new LinkedHashMap<>();
        for (String name : names) {
            out.put(name, parse(parser, folder + name + ".avsc"));
        }
        return out;
    }

    private static Schema parse(Schema.Parser parser, String path) {
        try (InputStream in = SchemaCatalog.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("schema file missing from the classpath: " + path);
            }
            return parser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("invalid schema file " + path + ": " + e.getMessage(), e);
        }
    }
}

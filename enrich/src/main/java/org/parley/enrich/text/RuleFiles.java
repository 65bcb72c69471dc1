package org.parley.enrich.text;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;

/** Reads enrich's rule and dictionary files (YAML in the jar), strictly: an unknown key is an error naming the file. */
public final class RuleFiles {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()).findAndAddModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private RuleFiles() {
    }

    /** Reads a bundled file into a record of its shape. */
    public static <T> T bundled(String path, Class<T> shape) {
        try (InputStream in = RuleFiles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath");
            }
            return read(in, path, shape);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads a file of the given shape; errors name the origin. */
    public static <T> T read(InputStream in, String origin, Class<T> shape) {
        try {
            return YAML.readValue(in, shape);
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}

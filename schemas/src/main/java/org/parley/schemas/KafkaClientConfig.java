package org.parley.schemas;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The one Kafka client configuration of a Parley process, built once and handed to every
 * producer, consumer, admin client and Kafka Streams application: the bootstrap servers and the
 * settings every client needs to reach the cluster (security protocol, SASL, TLS, timeouts...).
 * Each client adds only its own settings ({@link #with}).
 *
 * <p>Where a key comes from, the later winning: a Java properties file ({@code --kafka-config}),
 * then {@code PARLEY_KAFKA_*} environment variables ({@code PARLEY_KAFKA_SASL_MECHANISM} is
 * {@code sasl.mechanism}), then {@code --bootstrap-servers}. Immutable; {@link #toString} masks
 * secrets, so the configuration can be logged.
 */
public final class KafkaClientConfig {

    /** The prefix of environment variables read as client settings. */
    public static final String ENV_PREFIX = "PARLEY_KAFKA_";

    /**
     * Variables under {@value #ENV_PREFIX} that set Parley's own options ({@code --kafka-config},
     * {@code --kafka-port}), not client settings.
     */
    public static final java.util.Set<String> PARLEY_OPTIONS = java.util.Set.of("PARLEY_KAFKA_CONFIG", "PARLEY_KAFKA_PORT");

    /** Keys whose values are secrets: never logged. */
    private static final Pattern SECRET = Pattern.compile(".*(password|jaas\\.config|secret|credentials|token).*");

    private final Map<String, String> settings;

    private KafkaClientConfig(Map<String, String> settings) {
        this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** A configuration with only the bootstrap servers (an open cluster, such as the embedded broker). */
    public static KafkaClientConfig of(String bootstrapServers) {
        return load(null, Map.of(), bootstrapServers);
    }

    /**
     * The configuration from its three sources.
     *
     * @param file             a Java properties file, or null
     * @param environment      the process environment (only {@value #ENV_PREFIX} variables are read)
     * @param bootstrapServers the bootstrap servers given on the command line, or null
     * @throws IllegalArgumentException with a one-line reason when the file cannot be read
     */
    public static KafkaClientConfig load(Path file, Map<String, String> environment, String bootstrapServers) {
        Map<String, String> s = new TreeMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("--kafka-config: no such file: " + file);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("--kafka-config: cannot read " + file + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> s.put(k.strip(), p.getProperty(k).strip()));
        }
        environment.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX) && k.length() > ENV_PREFIX.length() && !PARLEY_OPTIONS.contains(k)) {
                s.put(k.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            s.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.strip());
        }
        if (s.getOrDefault(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "").isBlank()) {
            s.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        }
        return new KafkaClientConfig(s);
    }

    /** This configuration with other bootstrap servers (the embedded broker's, once it has started). */
    public KafkaClientConfig withBootstrapServers(String bootstrapServers) {
        Map<String, String> s = new TreeMap<>(settings);
        s.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaClientConfig(s);
    }

    /** The bootstrap servers, or null when no source names a cluster. */
    public String bootstrapServers() {
        return settings.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** Whether any setting besides the bootstrap servers is given. */
    public boolean hasClientSettings() {
        return settings.size() > (bootstrapServers() == null ? 0 : 1);
    }

    /** The settings as client properties, with a client's own settings added (they win over the shared ones). */
    public Properties with(Map<String, ?> own) {
        Properties p = new Properties();
        p.putAll(settings);
        p.putAll(own);
        return p;
    }

    /** The shared settings alone, as client properties. */
    public Properties properties() {
        return with(Map.of());
    }

    /** The settings, secrets masked: safe to log. */
    @Override
    public String toString() {
        return masked().toString();
    }

    /** The settings by key, secrets replaced by {@code [hidden]}. */
    public Map<String, String> masked() {
        Map<String, String> shown = new TreeMap<>();
        settings.forEach((k, v) -> shown.put(k, SECRET.matcher(k.toLowerCase(Locale.ROOT)).matches() ? "[hidden]" : v));
        return Collections.unmodifiableMap(shown);
    }
}

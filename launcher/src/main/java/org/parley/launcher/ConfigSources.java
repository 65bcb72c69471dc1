package org.parley.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option's value comes from when it is not given as a flag: a {@code PARLEY_*}
 * environment variable, then the configuration file ({@code --config parley.yaml}), then the
 * option's own default. So the one precedence is flag &gt; environment &gt; file &gt; default.
 *
 * <p>The variable of {@code --http-port} is {@code PARLEY_HTTP_PORT}. The file is YAML: its
 * top-level keys are option names without the dashes and apply to every command that has the
 * option; a section named after a command ({@code aggregate:}) holds options for that command
 * alone and wins over the top level. A key that names no option of any command is an error, so a
 * misspelt option is not silently ignored.
 */
final class ConfigSources implements CommandLine.IDefaultValueProvider {

    /** The prefix of the environment variables that set options. */
    static final String ENV_PREFIX = "PARLEY_";
    /** The variable naming the configuration file when {@code --config} is not given. */
    static final String CONFIG_ENV = "PARLEY_CONFIG";

    /** Options with no environment variable or file key: where the configuration comes from, and help. */
    private static final Set<String> NOT_CONFIGURABLE = Set.of("--config", "--help", "--version");
    /** Option names whose values are secrets, masked wherever the configuration is shown. */
    private static final Pattern SECRET = Pattern.compile(".*(token|secret|password).*");

    /** Where a value came from, strongest first. */
    enum Source { FLAG, ENVIRONMENT, FILE, DEFAULT }

    private final Map<String, String> environment;
    private final Path file;
    private final JsonNode tree;

    private ConfigSources(Map<String, String> environment, Path file, JsonNode tree) {
        this.environment = Map.copyOf(environment);
        this.file = file;
        this.tree = tree;
    }

    /**
     * The sources of a command line: the environment, and the file that {@code --config} in the
     * arguments (or {@value #CONFIG_ENV}) names. The arguments are only looked through for
     * {@code --config}: defaults are needed before picocli parses them.
     *
     * @throws Parley.UsageError when the file cannot be read or is not a YAML mapping
     */
    static ConfigSources load(Map<String, String> environment, String... args) {
        Path file = configFile(environment, args);
        return new ConfigSources(environment, file, file == null ? null : read(file));
    }

    private static Path configFile(Map<String, String> environment, String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
        }
        String fromEnv = environment.get(CONFIG_ENV);
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    }

    private static JsonNode read(Path file) {
        try {
            JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return null;
            }
            if (!tree.isObject()) {
                throw new Parley.UsageError(file + ": expected a mapping of option names to values");
            }
            return tree;
        } catch (NoSuchFileException e) {
            throw new Parley.UsageError("--config: no such file: " + file);
        } catch (IOException e) {
            throw new Parley.UsageError(file + ": not valid YAML: " + Parley.oneLine(e));
        }
    }

    /** The configuration file, or null. */
    Path file() {
        return file;
    }

    /** The environment the options are read from. */
    Map<String, String> environment() {
        return environment;
    }

    /** The environment variable of an option: {@code --http-port} is {@code PARLEY_HTTP_PORT}. */
    static String variable(OptionSpec option) {
        return ENV_PREFIX + key(option).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The file key of an option: its longest name without the dashes. */
    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    static boolean configurable(ArgSpec arg) {
        return arg instanceof OptionSpec o && !NOT_CONFIGURABLE.contains(o.longestName()) && !o.hidden();
    }

    static boolean secret(OptionSpec option) {
        return SECRET.matcher(key(option)).matches();
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        Sourced s = lookUp(arg);
        return s == null ? null : s.value();
    }

    /** A value and where it came from. */
    record Sourced(String value, Source source, String where) {
    }

    /** The value of an option from the environment or the file, or null when neither sets it. */
    Sourced lookUp(ArgSpec arg) {
        if (!configurable(arg)) {
            return null;
        }
        OptionSpec option = (OptionSpec) arg;
        String variable = variable(option);
        String fromEnv = environment.get(variable);
        // An empty variable is an unset one, as compose's ${VAR:-} passes it.
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return new Sourced(fromEnv, Source.ENVIRONMENT, variable);
        }
        if (tree == null) {
            return null;
        }
        String command = option.command() == null ? null : option.command().name();
        JsonNode section = command == null ? null : tree.get(command);
        if (section != null && section.isObject() && section.has(key(option))) {
            return new Sourced(text(option, section.get(key(option)), command + "." + key(option)), Source.FILE,
                    file + ": " + command + "." + key(option));
        }
        if (tree.has(key(option)) && !tree.get(key(option)).isObject()) {
            return new Sourced(text(option, tree.get(key(option)), key(option)), Source.FILE, file + ": " + key(option));
        }
        return null;
    }

    private String text(OptionSpec option, JsonNode value, String where) {
        if (value.isArray()) {
            if (option.splitRegex().isEmpty()) {
                throw new Parley.UsageError(file + ": " + where + " takes one value, not a list");
            }
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.asText()));
            return String.join(",", items);
        }
        if (value.isObject()) {
            throw new Parley.UsageError(file + ": " + where + " takes a value, not a mapping");
        }
        return value.isNull() ? "" : value.asText();
    }

    /**
     * Checks that every key of the file names an option: at the top level, of some command; in a
     * command's section, of that command.
     *
     * @throws Parley.UsageError naming the first unknown key
     */
    void validate(CommandSpec root) {
        if (tree == null) {
            return;
        }
        Map<String, CommandSpec> commands = new java.util.TreeMap<>();
        collect(root, commands);
        Set<String> anywhere = new HashSet<>();
        commands.values().forEach(c -> anywhere.addAll(keys(c)));
        for (Map.Entry<String, JsonNode> e : tree.properties()) {
            if (e.getValue().isObject()) {
                CommandSpec command = commands.get(e.getKey());
                if (command == null) {
                    throw new Parley.UsageError(file + ": '" + e.getKey() + "' is no command (sections: "
                            + String.join(", ", commands.keySet()) + ")");
                }
                Set<String> own = keys(command);
                e.getValue().fieldNames().forEachRemaining(k -> {
                    if (!own.contains(k)) {
                        throw new Parley.UsageError(file + ": '" + e.getKey() + "." + k + "' is no option of 'parley "
                                + e.getKey() + "'");
                    }
                });
            } else if (!anywhere.contains(e.getKey())) {
                throw new Parley.UsageError(file + ": '" + e.getKey() + "' is no option of any command");
            }
        }
    }

    private static void collect(CommandSpec spec, Map<String, CommandSpec> into) {
        spec.subcommands().values().forEach(sub -> {
            into.put(sub.getCommandName(), sub.getCommandSpec());
            collect(sub.getCommandSpec(), into);
        });
    }

    private static Set<String> keys(CommandSpec command) {
        Set<String> keys = new HashSet<>();
        command.options().stream().filter(ConfigSources::configurable).forEach(o -> keys.add(key(o)));
        return keys;
    }
}

package org.parley.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.parley.schemas.KafkaClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** Prints the configuration a command would run with, and where each value comes from. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the effective configuration of a command: each option's value and where it comes from "
                + "(flag > PARLEY_* variable > --config file > default), with secrets masked, and the Kafka client settings. "
                + "Example: parley config --config parley.yaml aggregate --http-port 9000")
final class ConfigCommand implements Callable<Integer> {

    /** What a masked secret shows. */
    static final String HIDDEN = "[hidden]";

    @Parameters(index = "0", arity = "0..1", defaultValue = "run", paramLabel = "COMMAND",
            description = "The command whose configuration to print (default: ${DEFAULT-VALUE}).")
    String command;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "That command's flags, as you would give them.")
    List<String> args = new ArrayList<>();

    @Option(names = "--yaml", description = "Print the options as a YAML configuration file (a section for the command; "
            + "unset options and secrets left out).")
    boolean yaml;

    @Spec
    CommandSpec spec;

    /** One option's effective value. */
    record Entry(String option, String value, ConfigSources.Source source, String where) {
    }

    @Override
    public Integer call() throws Exception {
        ConfigSources sources = (ConfigSources) spec.defaultValueProvider();
        CommandLine target = new CommandLine(new Parley());
        target.setDefaultValueProvider(sources);
        List<String> line = new ArrayList<>();
        line.add(command);
        line.addAll(args);
        ParseResult parsed;
        try {
            parsed = target.parseArgs(line.toArray(String[]::new)).subcommand();
        } catch (CommandLine.ParameterException e) {
            throw new Parley.UsageError(Parley.oneLine(e));
        }
        if (parsed == null) {
            throw new Parley.UsageError("no command '" + command + "'");
        }
        List<Entry> entries = entries(parsed, sources);
        PrintWriter out = spec.commandLine().getOut();
        if (yaml) {
            Map<String, String> options = new LinkedHashMap<>();
            // Unset options and secrets are left out, so the output can be used as a --config file as it is.
            entries.stream().filter(e -> !e.value().isEmpty() && !e.value().equals(HIDDEN))
                    .forEach(e -> options.put(e.option().replaceFirst("^-+", ""), e.value()));
            out.print(new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                    .writeValueAsString(Map.of(command, options)));
            out.flush();
            return 0;
        }
        out.printf("parley %s%s: flag > PARLEY_* variable > file > default%n", command,
                sources.file() == null ? "" : " with " + sources.file());
        int width = entries.stream().mapToInt(e -> e.option().length()).max().orElse(10) + 2;
        for (Entry e : entries) {
            out.printf("  %-" + width + "s%-36s %s%n", e.option(), e.value().isEmpty() ? "(none)" : e.value(),
                    e.source().name().toLowerCase(java.util.Locale.ROOT) + (e.where() == null ? "" : " (" + e.where() + ")"));
        }
        CommandSpec commandSpec = parsed.commandSpec();
        if (commandSpec.findOption("--kafka-config") != null && commandSpec.findOption("--bootstrap-servers") != null) {
            String file = commandSpec.findOption("--kafka-config").getValue() == null ? null
                    : commandSpec.findOption("--kafka-config").getValue().toString();
            KafkaClientConfig kafka = KafkaClientConfig.load(file == null ? null : Path.of(file), sources.environment(),
                    commandSpec.findOption("--bootstrap-servers").getValue());
            out.println("Kafka client settings (--kafka-config, then PARLEY_KAFKA_*, then --bootstrap-servers):");
            if (kafka.masked().isEmpty()) {
                out.println("  (none: " + ("run".equals(command) ? "an embedded broker)" : "give --bootstrap-servers)"));
            }
            kafka.masked().forEach((k, v) -> out.printf("  %-" + width + "s%s%n", k, v));
        }
        out.flush();
        return 0;
    }

    static List<Entry> entries(ParseResult parsed, ConfigSources sources) {
        List<Entry> entries = new ArrayList<>();
        for (OptionSpec o : parsed.commandSpec().options()) {
            if (!ConfigSources.configurable(o)) {
                continue;
            }
            String value;
            ConfigSources.Source source;
            String where = null;
            ConfigSources.Sourced fromSources = sources.lookUp(o);
            if (parsed.hasMatchedOption(o)) {
                List<String> given = o.originalStringValues();
                value = given.isEmpty() ? "true" : String.join(",", given);
                source = ConfigSources.Source.FLAG;
            } else if (fromSources != null) {
                value = fromSources.value();
                source = fromSources.source();
                where = fromSources.where();
            } else {
                value = o.defaultValue() == null ? (o.typeInfo().isBoolean() ? "false" : "") : o.defaultValueString();
                source = ConfigSources.Source.DEFAULT;
            }
            if (ConfigSources.secret(o) && value != null && !value.isEmpty()) {
                value = HIDDEN;
            }
            entries.add(new Entry(o.longestName(), value == null ? "" : value, source, where));
        }
        return entries;
    }
}

package org.parley.launcher;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code parley} command: every stage, the whole pipeline and the offline tools. */
@Command(name = "parley",
        mixinStandardHelpOptions = true,
        versionProvider = Parley.Version.class,
        description = "Reads the news as it is published and keeps a live, explainable view of how open "
                + "each party to a conflict says it is to negotiating.",
        subcommands = {
                RunCommand.class,
                AnalyzeCommand.class,
                EvalCommand.class,
                TrainCommand.class,
                ParseFeedCommand.class,
                FeedsCommand.class,
                BenchCommand.class,
                IngestCommand.class,
                EnrichCommand.class,
                AggregateCommand.class,
                ConfigCommand.class,
                CommandLine.HelpCommand.class})
public final class Parley {

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "A YAML file of options (option names without dashes; a section per command, e.g. 'aggregate:', "
                    + "wins over the top level); default: $PARLEY_CONFIG. Any option can also be set by a PARLEY_* "
                    + "variable (--http-port: PARLEY_HTTP_PORT). A flag beats the variable, which beats the file, which "
                    + "beats the default; 'parley config' shows the outcome.")
    Path config;

    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    /** Runs a command line with options from the given environment and the file it names; the exit code. */
    static int run(Map<String, String> environment, String... args) {
        CommandLine cl;
        try {
            cl = commandLine(environment, args);
        } catch (UsageError e) {
            System.err.println("parley: " + e.getMessage());
            return 2;
        }
        return cl.execute(args);
    }

    /** The configured command line, options from the process environment only; tests call it without exiting the JVM. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /**
     * The configured command line: options not given as flags come from the environment, then from
     * the file that {@code --config} in {@code args} (or {@code PARLEY_CONFIG}) names.
     *
     * @throws UsageError when that file cannot be read or names an option no command has
     */
    static CommandLine commandLine(Map<String, String> environment, String... args) {
        ConfigSources sources = ConfigSources.load(environment, args);
        CommandLine cl = new CommandLine(new Parley());
        sources.validate(cl.getCommandSpec());
        cl.setDefaultValueProvider(sources);
        cl.getSubcommands().get("config").setStopAtPositional(true);
        cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler((ex, unused) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println("parley: " + oneLine(ex) + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("parley " + commandLine.getCommandName() + ": " + oneLine(ex));
            return ex instanceof UsageError ? 2 : 1;
        });
        return cl;
    }

    static String oneLine(Throwable ex) {
        Throwable t = ex;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse("").strip();
    }

    /** A mistake of the user's, reported as one line with exit code 2. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Parley.class.getPackage().getImplementationVersion();
            return new String[] {"parley " + (v == null ? "development" : v)};
        }
    }
}

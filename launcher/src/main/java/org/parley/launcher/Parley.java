package org.parley.launcher;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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
                CommandLine.HelpCommand.class})
public final class Parley {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call it without exiting the JVM. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Parley());
        cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler((ex, args) -> {
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

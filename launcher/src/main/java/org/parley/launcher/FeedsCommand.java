package org.parley.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.parley.ingest.poll.FeedList;
import org.parley.ingest.poll.FeedSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Converts feed lists between YAML and OPML (import from and export to feed readers). */
@Command(name = "feeds", mixinStandardHelpOptions = true,
        description = "Read a feed list (YAML or OPML) and print it as OPML or YAML: import an OPML export of a "
                + "feed reader into Parley's YAML, or export Parley's list for a feed reader.")
final class FeedsCommand implements Callable<Integer> {

    enum Format { yaml, opml }

    @Parameters(index = "0", paramLabel = "FILE", description = "A feed list: .yaml/.yml or .opml.")
    Path file;

    @Option(names = "--to", defaultValue = "yaml", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format to;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<FeedSpec> feeds;
        try {
            feeds = FeedList.read(file);
        } catch (IOException e) {
            throw new Parley.UsageError("cannot read " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Parley.UsageError(e.getMessage());
        }
        spec.commandLine().getOut().print(to == Format.opml ? FeedList.toOpml(feeds) : FeedList.toYaml(feeds));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

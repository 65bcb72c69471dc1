package org.parley.launcher;

import picocli.CommandLine.Option;

/** Re-enrichment after a dictionary or rules update. */
final class ReprocessOption {

    @Option(names = "--reprocess",
            description = "Enrich the statements topic again from its beginning (after a dictionary or rules update): "
                    + "moves the parley-enrich consumer group to the earliest offsets and clears its local state. "
                    + "Stop other enrich instances first.")
    boolean reprocess;
}

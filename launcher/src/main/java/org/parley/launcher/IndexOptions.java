package org.parley.launcher;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How the aggregate weighs statements over time. */
final class IndexOptions {

    @Option(names = "--half-life", defaultValue = "7d", converter = FeedOptions.DurationConverter.class, paramLabel = "DURATION",
            description = "Half-life of the openness index: a statement counts half as much as one this much newer "
                    + "(default: ${DEFAULT-VALUE}). Changing it restarts each party's index from its next statement.")
    Duration halfLife;
}

package org.parley.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a process keeps its data: the embedded broker's log and the stream state stores. */
final class StateOptions {

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Where the embedded broker and the stream state keep their data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    Path streamsDir() {
        return dataDir.toAbsolutePath().resolve("streams");
    }
}

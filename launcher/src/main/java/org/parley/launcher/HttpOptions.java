package org.parley.launcher;

import picocli.CommandLine.Option;

/** The HTTP API and dashboard. */
final class HttpOptions {

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port of the HTTP API and dashboard (default: ${DEFAULT-VALUE}).")
    int httpPort;
}

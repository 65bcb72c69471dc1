package org.parley.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Run only the ingest stage: read feeds and publish articles and statements to the cluster.")
final class IngestCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    FeedOptions feeds;

    @Mixin
    ApiAccessOptions access;

    @Option(names = "--http-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Port of the feeds API and health (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Override
    public Integer call() throws Exception {
        return StageCommand.run(kafka, new Pipeline.Config(kafka.cluster("ingest"), null, feeds.specs(),
                feeds.policy(), feeds.poller(), new Pipeline.Http(httpPort, "localhost", feeds.adminToken, access.apiToken, access.corsOrigins), true, false, false, null, false, null), "ingest");
    }
}

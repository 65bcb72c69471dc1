package org.parley.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Run only the ingest stage: read feeds and publish articles and statements to the cluster.")
final class IngestCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    FeedOptions feeds;

    @Override
    public Integer call() throws Exception {
        return StageCommand.run(kafka, new Pipeline.Config(kafka.bootstrapServers, null, feeds.feedsOrSample(),
                feeds.pollInterval, 0, "localhost", true, false, false), "ingest");
    }
}

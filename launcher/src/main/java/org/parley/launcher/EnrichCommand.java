package org.parley.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "enrich", mixinStandardHelpOptions = true,
        description = "Run only the enrich stage (Kafka Streams): statements to enriched statements. Start more instances to scale out.")
final class EnrichCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    EnrichOptions enrich;

    @Mixin
    ReprocessOption reprocess;

    @Mixin
    StateOptions state;

    @Option(names = "--http-port", defaultValue = "8082", paramLabel = "PORT",
            description = "Port of the metrics and health endpoints (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Override
    public Integer call() throws Exception {
        return StageCommand.run(kafka, new Pipeline.Config(kafka.cluster("enrich"), state.streamsDir(),
                java.util.List.of(), null, null, new Pipeline.Http(httpPort, "localhost", null), false, true, false, enrich.enricher(), reprocess.reprocess, null), "enrich");
    }
}

package org.parley.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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

    @Override
    public Integer call() throws Exception {
        return StageCommand.run(kafka, new Pipeline.Config(kafka.cluster("enrich"), state.streamsDir(),
                java.util.List.of(), null, null, new Pipeline.Http(0, "localhost", null), false, true, false, enrich.enricher(), reprocess.reprocess, null), "enrich");
    }
}

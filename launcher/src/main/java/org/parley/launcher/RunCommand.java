package org.parley.launcher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.parley.schemas.KafkaClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The main job: the whole pipeline, on an embedded broker unless told otherwise. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
                "Run ingest, enrich and aggregate with the HTTP API and dashboard, until interrupted.",
                "Without --bootstrap-servers it starts an embedded Kafka broker with its data in --data-dir. "
                        + "Without --feed it ingests the bundled sample feed."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    AggregateOptions index;

    @Mixin
    EnrichOptions enrich;

    @Mixin
    ReprocessOption reprocess;

    @Mixin
    FeedOptions feeds;

    @Mixin
    StateOptions state;

    @Option(names = "--ephemeral", description = "Keep the data in a temporary directory, deleted on exit.")
    boolean ephemeral;

    @Option(names = "--kafka-port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of the embedded broker (default: a free port).")
    int kafkaPort;

    @Mixin
    HttpOptions http;

    @Mixin
    ApiAccessOptions access;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        // Check every option before starting anything.
        Pipeline.AggregateConfig aggregateConfig = index.config(feeds.usesSample());
        var feedSpecs = feeds.specs();
        KafkaClientConfig client = kafka.config();
        if (client.bootstrapServers() == null && client.hasClientSettings()) {
            throw new Parley.UsageError("Kafka client settings are given (--kafka-config or PARLEY_KAFKA_*) but no cluster: "
                    + "give --bootstrap-servers");
        }
        Path dir = ephemeral ? Files.createTempDirectory("parley-") : state.dataDir.toAbsolutePath();
        EmbeddedKafka broker = null;
        if (client.bootstrapServers() == null) {
            out.println("Starting the embedded Kafka broker (data in " + dir + ")...");
            broker = EmbeddedKafka.start(ephemeral ? null : dir.resolve("kafka"), kafkaPort);
            client = KafkaClientConfig.of(broker.bootstrapServers());
        }
        String bootstrap = client.bootstrapServers();
        Pipeline pipeline;
        try {
            TopicSetup.ensureTopics(client, kafka.partitions, kafka.replicationFactor);
            pipeline = Pipeline.start(new Pipeline.Config(client, dir.resolve("streams"), feedSpecs, feeds.policy(),
                    feeds.poller(), new Pipeline.Http(http.httpPort, "localhost", feeds.adminToken, access.apiToken, access.corsOrigins), true, true, true, enrich.enricher(),
                    reprocess.reprocess, aggregateConfig));
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            if (ephemeral) {
                EmbeddedKafka.deleteRecursively(dir);
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedKafka brokerToStop = broker;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pipeline.close();
            if (brokerToStop != null) {
                brokerToStop.close();
            }
            if (ephemeral) {
                EmbeddedKafka.deleteRecursively(dir);
            }
            stopped.countDown();
        }, "parley-shutdown"));
        out.println("Parley is running.");
        out.println("  Dashboard: http://localhost:" + pipeline.httpPort() + "/");
        out.println("  API:       http://localhost:" + pipeline.httpPort() + "/api/parties");
        out.println("  Kafka:     " + bootstrap + (broker == null ? "" : " (embedded; any Kafka client can read the parley.* topics)"));
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}

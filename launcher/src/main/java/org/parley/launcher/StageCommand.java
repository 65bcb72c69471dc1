package org.parley.launcher;

import java.util.concurrent.CountDownLatch;

/** Runs one stage against an external cluster until the process is stopped. */
final class StageCommand {

    private StageCommand() {
    }

    static int run(KafkaOptions kafka, Pipeline.Config config, String what) throws InterruptedException {
        TopicSetup.ensureTopics(config.kafka(), kafka.partitions, kafka.replicationFactor);
        Pipeline pipeline = Pipeline.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pipeline.close();
            stopped.countDown();
        }, "parley-shutdown"));
        System.out.println("parley " + what + " running against " + config.kafka().bootstrapServers() + "; "
                + (config.aggregate() ? "API on http://localhost:" + pipeline.httpPort() + "/api/parties, " : "")
                + "health on http://localhost:" + pipeline.httpPort() + "/health/ready");
        stopped.await();
        return 0;
    }

}

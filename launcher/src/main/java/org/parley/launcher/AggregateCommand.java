package org.parley.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "aggregate", mixinStandardHelpOptions = true,
        description = "Run only the aggregate stage (Kafka Streams) with the HTTP API and dashboard.")
final class AggregateCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    AggregateOptions index;

    @Mixin
    StateOptions state;

    @Mixin
    HttpOptions http;

    @Mixin
    ApiAccessOptions access;

    @Option(names = "--advertised-host", defaultValue = "localhost", paramLabel = "HOST",
            description = "Host name other instances reach this one's API at; 'auto' for this machine's address, as "
                    + "scaled-out containers need (default: ${DEFAULT-VALUE}).")
    String advertisedHost;

    /** The advertised host: the option's, or for 'auto' this machine's address. */
    static String advertised(String option) {
        if (!"auto".equals(option)) {
            return option;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new Parley.UsageError("--advertised-host auto: this machine's address is unknown: " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        return StageCommand.run(kafka, new Pipeline.Config(kafka.cluster("aggregate"), state.streamsDir(),
                java.util.List.of(), null, null, new Pipeline.Http(http.httpPort, advertised(advertisedHost), null, access.apiToken, access.corsOrigins), false, false, true, null, false, index.config(false)), "aggregate");
    }
}

package org.parley.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.parley.aggregate.AggregateSettings;
import org.parley.aggregate.http.Windows;
import org.parley.ingest.poll.FeedPoller;
import org.parley.ingest.poll.FeedSpec;
import org.parley.ingest.poll.PollPolicy;
import org.parley.schemas.KafkaClientConfig;

/** The whole pipeline on the bundled sample, as {@code parley run} configures it, on a free HTTP port. */
final class SamplePipeline {

    private SamplePipeline() {
    }

    static Pipeline.Config config(String bootstrapServers, Path streamsDir) {
        return new Pipeline.Config(KafkaClientConfig.of(bootstrapServers), streamsDir, List.of(FeedSpec.of(FeedOptions.SAMPLE_FEED)),
                PollPolicy.defaults(Duration.ofMinutes(5)), FeedPoller.Config.defaults(), new Pipeline.Http(0, "localhost", null),
                true, true, true, null, false,
                new Pipeline.AggregateConfig(AggregateSettings.defaults().withAlertHorizon(AggregateOptions.ARCHIVE_ALERT_HORIZON),
                        Windows.parse(Windows.DEFAULT), List.of(), null));
    }
}

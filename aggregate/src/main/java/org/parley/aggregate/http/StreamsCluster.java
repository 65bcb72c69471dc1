package org.parley.aggregate.http;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.parley.aggregate.PartyStores;

/** The instances of one aggregate application, from Kafka Streams' metadata ({@code application.server}). */
public final class StreamsCluster implements Cluster {

    private final KafkaStreams streams;
    private final HostInfo self;

    /** @param self this instance's {@code application.server} */
    public StreamsCluster(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public Optional<String> ownerOf(String party) {
        KeyQueryMetadata m = streams.queryMetadataForKey(PartyStores.OPENNESS, party, Serdes.String().serializer());
        if (m == null || m.equals(KeyQueryMetadata.NOT_AVAILABLE) || m.activeHost().equals(self)) {
            return Optional.empty();
        }
        return Optional.of(url(m.activeHost()));
    }

    @Override
    public List<String> others() {
        return streams.metadataForAllStreamsClients().stream()
                .map(m -> m.hostInfo())
                .filter(h -> !h.equals(self) && h.port() > 0)
                .distinct()
                .map(StreamsCluster::url)
                .toList();
    }

    private static String url(HostInfo h) {
        return "http://" + h.host() + ":" + h.port();
    }
}

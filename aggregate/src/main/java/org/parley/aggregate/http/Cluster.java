package org.parley.aggregate.http;

import java.util.List;
import java.util.Optional;

/**
 * Where the aggregate's state lives when several instances share the work: each party's state is
 * held by the instance that owns its partition. The API routes a party's requests to its owner
 * and fans list requests out to every instance, so a request to any instance gets the full answer.
 */
public interface Cluster {

    /** The base URL ("http://host:port") of the instance that holds the party, or empty when it is this one. */
    Optional<String> ownerOf(String party);

    /** The base URLs of the other instances. */
    List<String> others();

    /** One instance alone. */
    static Cluster single() {
        return new Cluster() {
            @Override
            public Optional<String> ownerOf(String party) {
                return Optional.empty();
            }

            @Override
            public List<String> others() {
                return List.of();
            }
        };
    }
}

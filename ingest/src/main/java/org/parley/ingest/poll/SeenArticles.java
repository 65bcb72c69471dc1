package org.parley.ingest.poll;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Article ids already published, across polls and feeds; the Kafka shell fills it from the
 * articles topic at start, so restarts do not publish the same article again.
 */
public final class SeenArticles {

    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    /** Marks an id seen; true when it was new. */
    public boolean markSeen(String id) {
        return ids.add(id);
    }

    /** Forgets an id whose publication failed, so that it is published when next read. */
    public void forget(String id) {
        ids.remove(id);
    }

    public boolean contains(String id) {
        return ids.contains(id);
    }

    public int size() {
        return ids.size();
    }
}

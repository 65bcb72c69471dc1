package org.parley.aggregate.http;

import java.util.List;
import java.util.Optional;
import org.parley.avro.PartyOpenness;

/** Read access to the per-party snapshots, wherever they are kept. */
public interface OpennessQuery {

    /** All parties' snapshots. @throws NotReadyException while the store is restoring or rebalancing */
    List<PartyOpenness> all();

    /** One party's snapshot. @throws NotReadyException while the store is restoring or rebalancing */
    Optional<PartyOpenness> get(String party);

    /**
     * The party's statements per publication day from {@code from} to {@code to}, both included;
     * days without statements are left out.
     */
    java.util.SortedMap<java.time.LocalDate, org.parley.aggregate.index.DayStats> days(String party, java.time.LocalDate from,
                                                                                     java.time.LocalDate to);

    /** The latest alerts, newest first, of one party or (party null) of all. */
    List<org.parley.avro.StanceAlert> alerts(String party, int limit);

    /** The store cannot answer yet; the client should retry. */
    final class NotReadyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotReadyException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

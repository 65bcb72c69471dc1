package org.parley.aggregate.http;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.parley.aggregate.evidence.ConditionView;
import org.parley.aggregate.evidence.StatementView;
import org.parley.aggregate.index.DecayedIndex;
import org.parley.aggregate.index.Tally;
import org.parley.avro.PartyOpenness;
import org.parley.avro.StanceAlert;
import org.parley.web.HttpError;

/** Read access to this instance's part of the aggregate (Interactive Queries on its state stores). */
public interface OpennessQuery {

    /** The statements of one publication hour by one speaker ("" for none). */
    record Bucket(Instant hour, String speaker, Tally tally) implements DecayedIndex.Hourly {
    }

    /** All parties' snapshots. @throws NotReadyException while the store is restoring or rebalancing */
    List<PartyOpenness> all();

    /** One party's snapshot. @throws NotReadyException while the store is restoring or rebalancing */
    Optional<PartyOpenness> get(String party);

    /** The party's buckets whose hour starts from {@code from} to {@code to}, both included, oldest first. */
    List<Bucket> buckets(String party, Instant from, Instant to);

    /** The conditions the party stated from {@code from} to {@code to}, oldest first. */
    List<ConditionView> conditions(String party, Instant from, Instant to);

    /** The latest statements of one party (or, party null, of all) published at or after {@code since}, newest first. */
    List<StatementView> statements(String party, Instant since, int limit);

    /** The latest alerts, newest first, of one party or (party null) of all. */
    List<StanceAlert> alerts(String party, int limit);

    /** The store cannot answer yet; the client should retry. */
    final class NotReadyException extends HttpError {
        private static final long serialVersionUID = 1L;

        public NotReadyException(String message, Throwable cause) {
            super(503, message, cause);
        }
    }
}

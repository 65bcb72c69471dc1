package org.parley.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.state.HostInfo;
import org.parley.aggregate.AggregateSettings;
import org.parley.aggregate.AggregateTopology;
import org.parley.aggregate.http.AggregateApi;
import org.parley.aggregate.http.EventHub;
import org.parley.aggregate.http.PartyViews;
import org.parley.aggregate.http.StreamsCluster;
import org.parley.aggregate.http.StreamsOpennessQuery;
import org.parley.aggregate.http.Windows;
import org.parley.aggregate.live.LiveFeed;
import org.parley.aggregate.live.PartyMetrics;
import org.parley.aggregate.webhook.WebhookDispatcher;
import org.parley.aggregate.webhook.WebhookSender;
import org.parley.enrich.EnrichTopology;
import org.parley.enrich.Enricher;
import org.parley.ingest.IngestService;
import org.parley.ingest.feed.SourceFetcher;
import org.parley.ingest.poll.FeedsApi;
import org.parley.ingest.poll.FeedPoller;
import org.parley.ingest.poll.FeedSpec;
import org.parley.ingest.poll.PollPolicy;
import org.parley.schemas.KafkaClientConfig;
import org.parley.schemas.Topics;
import org.parley.web.Endpoint;
import org.parley.web.Health;
import org.parley.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the stages to a Kafka cluster: any subset of ingest, enrich and aggregate (with its HTTP
 * API). Stages talk only through topics, so each can run in its own process and scale out.
 * Closing stops them in reverse order.
 */
final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** The dashboard's class-path folder, served at / where the aggregate runs. */
    static final String DASHBOARD = "/parley/dashboard";

    /** What to run and where. */
    record Config(KafkaClientConfig kafka, Path stateDir, List<FeedSpec> feeds, PollPolicy policy,
                  FeedPoller.Config poller, Http http,
                  boolean ingest, boolean enrich, boolean aggregate, Enricher enricher, boolean reprocess,
                  AggregateConfig aggregateConfig) {
    }

    /**
     * The HTTP server: its port (0 for any), the host other instances reach it at, the admin token
     * of the feeds API, the token reads need (null for open reads) and the origins allowed to call it.
     */
    record Http(int port, String advertisedHost, String adminToken, String apiToken, List<String> corsOrigins) {

        Http(int port, String advertisedHost, String adminToken) {
            this(port, advertisedHost, adminToken, null, List.of());
        }

        Http {
            corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        }
    }

    /**
     * How the aggregate counts, serves and delivers.
     *
     * @param webhooks URLs every alert is POSTed to; empty for none
     * @param webhook  signing and retries of the webhooks, null when there are none
     */
    record AggregateConfig(AggregateSettings settings, List<Windows.Window> windows, List<java.net.URI> webhooks,
                           WebhookSender.Config webhook) {

        static AggregateConfig defaults() {
            return new AggregateConfig(AggregateSettings.defaults(), Windows.parse(Windows.DEFAULT), List.of(), null);
        }
    }

    private final List<AutoCloseable> running = new ArrayList<>();
    private WebServer web;

    private Pipeline() {
    }

    static Pipeline start(Config c) {
        Pipeline p = new Pipeline();
        LOG.info("Kafka clients: {}", c.kafka());
        try {
            Clock clock = Clock.systemUTC();
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(metrics);
            new JvmGcMetrics().bindTo(metrics);
            new ProcessorMetrics().bindTo(metrics);
            Health health = new Health();
            KafkaReachable kafka = new KafkaReachable(c.kafka());
            p.running.add(kafka);
            health.ready("kafka", kafka::check);
            if (c.enrich()) {
                Enricher enricher = c.enricher() == null ? Enricher.bundled() : c.enricher();
                // One stream thread unless the Kafka configuration sets num.stream.threads: two per instance gave
                // 266 statements/s against 210 in the benchmark. The crash test's failures that made one the default
                // turned out not to be the threads' (docs/PERFORMANCE.md, "Exactly-once after a SIGKILL"); two
                // become the default once the crash test has run with them again.
                StreamsRunner enrich = new StreamsRunner("parley-enrich", EnrichTopology.build(enricher, clock),
                        c.kafka(), c.stateDir(), new Properties());
                if (c.reprocess()) {
                    enrich.resetToEarliest(Topics.STATEMENTS.name());
                }
                p.running.add(enrich);
                health.live(enrich.applicationId(), enrich::liveness).ready(enrich.applicationId(), enrich::readiness);
                new KafkaStreamsMetrics(enrich.streams()).bindTo(metrics);
                enrich.start();
            }
            // One HTTP server for the process: each stage here mounts its routes; every process serves metrics and health.
            AggregateApi api = null;
            IngestService ingest = null;
            Http h = c.http();
            WebServer.Settings settings = new WebServer.Settings("0.0.0.0", h.port(), h.apiToken(), h.corsOrigins(),
                    c.aggregate() ? List.of(DASHBOARD) : List.of());
            p.web = new WebServer(settings).adminToken(h.adminToken());
            p.running.add(p.web);
            if (c.aggregate()) {
                api = new AggregateApi(clock).mount(p.web);
                p.running.add(api);
            }
            if (c.ingest()) {
                ingest = new IngestService(
                        new IngestService.Config(c.kafka(), c.feeds(), c.policy(), c.poller(), instanceId(c.stateDir())),
                        SourceFetcher.defaults(), clock, metrics);
                p.running.add(ingest);
                new FeedsApi(ingest.poller()).mount(p.web);
            }
            p.web.route(Endpoint.get("meta", "/metrics", "Prometheus metrics of this process").open()
                    .produces("text/plain", "Prometheus text format 0.0.4"),
                    ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
            health.mount(p.web);
            // Bind the port before the aggregate starts: other instances reach this one at application.server.
            p.web.start();
            if (c.aggregate()) {
                AggregateConfig ac = c.aggregateConfig() == null ? AggregateConfig.defaults() : c.aggregateConfig();
                HostInfo self = new HostInfo(c.http().advertisedHost(), p.web.port());
                Properties extra = new Properties();
                extra.put("application.server", self.host() + ":" + self.port());
                StreamsRunner aggregate = new StreamsRunner(AggregateTopology.APPLICATION_ID, AggregateTopology.build(clock, ac.settings()),
                        c.kafka(), c.stateDir(), extra);
                p.running.add(aggregate);
                health.live(aggregate.applicationId(), aggregate::liveness).ready(aggregate.applicationId(), aggregate::readiness);
                new KafkaStreamsMetrics(aggregate.streams()).bindTo(metrics);
                api.serve(new StreamsOpennessQuery(aggregate.streams()), ac.windows(), ac.settings(), new StreamsCluster(aggregate.streams(), self));
                aggregate.start();
                EventHub events = api.events();
                p.running.add(new LiveFeed(c.kafka(), List.of(new LiveFeed.Listener() {
                    @Override
                    public void snapshot(org.parley.avro.PartyOpenness o) {
                        events.publish("snapshot", PartyViews.summary(o));
                    }

                    @Override
                    public void alert(org.parley.avro.StanceAlert a) {
                        events.publish("alert", PartyViews.alert(a));
                    }
                }, new PartyMetrics(metrics))).start());
                if (!ac.webhooks().isEmpty()) {
                    p.running.add(new WebhookDispatcher(c.kafka(), ac.webhooks(), ac.webhook(), clock).start());
                    LOG.info("alerts go to {} webhook(s)", ac.webhooks().size());
                }
            }
            if (ingest != null) {
                ingest.start();
            }
            return p;
        } catch (io.javalin.util.JavalinBindException e) {
            p.close();
            throw new IllegalStateException("cannot start the HTTP server on port " + c.http().port() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /**
     * This instance's name, kept in the state directory: a restart after a crash takes up the same
     * ingest transactional id, which aborts the transaction the crash left open at once instead of
     * at its timeout. A new name where there is no directory.
     */
    static String instanceId(Path stateDir) {
        if (stateDir == null) {
            return UUID.randomUUID().toString();
        }
        Path file = stateDir.resolve("parley-instance.id");
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file).strip();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            String id = UUID.randomUUID().toString();
            Files.createDirectories(stateDir);
            Files.writeString(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the ingest instance id in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The HTTP port actually bound. */
    int httpPort() {
        return web == null ? -1 : web.port();
    }

    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(running);
        Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        running.clear();
    }
}

package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.parley.schemas.KafkaClientConfig;
import picocli.CommandLine;

/**
 * What can be checked of the deployment files without a Docker engine: the compose file's Parley
 * services run commands and set variables Parley really has, their health gates rest on the
 * image's health check, the image is built as the README says, and Prometheus's configuration
 * and rules pass {@code promtool} (Debian's {@code prometheus} package; CI installs it and sets
 * {@code PARLEY_REQUIRE_PROMETHEUS}, elsewhere the check is skipped without it).
 */
class DeploymentTest {

    static final Path ROOT = Path.of("..");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The compose file with its merge keys ({@code <<: *parley}) resolved, as compose reads it (SnakeYAML does; Jackson does not). */
    private static JsonNode compose() throws Exception {
        try (var reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            Object tree = new org.yaml.snakeyaml.Yaml().load(reader);
            return new ObjectMapper().valueToTree(tree);
        }
    }

    /** The compose services that run the Parley image. */
    private static Map<String, JsonNode> parleyServices() throws Exception {
        Map<String, JsonNode> services = new HashMap<>();
        compose().get("services").properties().forEach(e -> {
            if (e.getValue().path("image").asText().startsWith("parley:")) {
                services.put(e.getKey(), e.getValue());
            }
        });
        return services;
    }

    @Test
    void everyParleyServiceRunsACommandWithOptionsAndVariablesParleyHas() throws Exception {
        Map<String, JsonNode> services = parleyServices();
        assertThat(services.keySet()).containsExactlyInAnyOrder("ingest", "enrich", "aggregate");
        for (Map.Entry<String, JsonNode> service : services.entrySet()) {
            List<String> command = new ArrayList<>();
            service.getValue().get("command").forEach(c -> command.add(c.asText()));
            Map<String, String> env = new HashMap<>(imageEnvironment());
            service.getValue().path("environment").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()
                    .replaceAll("\\$\\{[A-Z_]+:-}", "")));
            // Parsing applies every variable to its option, so a value of the wrong type fails here too.
            CommandLine.ParseResult parsed = Parley.commandLine(env, command.toArray(String[]::new))
                    .parseArgs(command.toArray(String[]::new)).subcommand();
            assertThat(parsed).as("%s runs a Parley command", service.getKey()).isNotNull();
            assertThat(parsed.commandSpec().name()).isEqualTo(service.getKey());
            Set<String> known = new TreeSet<>();
            parsed.commandSpec().options().stream().filter(ConfigSources::configurable).map(ConfigSources::variable).forEach(known::add);
            for (String variable : env.keySet()) {
                if (variable.startsWith(KafkaClientConfig.ENV_PREFIX) && !KafkaClientConfig.PARLEY_OPTIONS.contains(variable)) {
                    assertThat(kafkaClientSettings()).as("%s: %s", service.getKey(), variable)
                            .contains(variable.substring(KafkaClientConfig.ENV_PREFIX.length()).toLowerCase().replace('_', '.'));
                } else if (!imageEnvironment().containsKey(variable)) {
                    assertThat(known).as("%s sets %s", service.getKey(), variable).contains(variable);
                }
            }
            JsonNode depends = service.getValue().path("depends_on");
            assertThat(depends.path("kafka").path("condition").asText()).as("%s waits for a healthy broker", service.getKey())
                    .isEqualTo("service_healthy");
        }
        assertThat(services.get("aggregate").path("depends_on").path("enrich").path("condition").asText())
                .as("the gate on enrich rests on the image's HEALTHCHECK").isEqualTo("service_healthy");
    }

    /** The image: two stages, the wrapper, a user of its own, a volume, a readiness check; its variables are options. */
    @Test
    void theImageIsBuiltWithTheWrapperRunsAsAUserOfItsOwnAndChecksReadiness() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(Pattern.compile("^FROM ", Pattern.MULTILINE).matcher(dockerfile).results().count()).as("multi-stage").isEqualTo(2);
        assertThat(dockerfile).contains("./mvnw -B -ntp -DskipTests package", "USER parley", "VOLUME /var/lib/parley")
                .containsPattern("HEALTHCHECK [^\\n]*\\\\\\n\\s+CMD curl -fsS \"http://127.0.0.1:\\$\\{PARLEY_HTTP_PORT}/health/ready\"");
        Set<String> anyCommand = new TreeSet<>();
        for (String stage : List.of("ingest", "enrich", "aggregate", "run")) {
            Parley.commandLine(Map.of()).getSubcommands().get(stage).getCommandSpec().options().stream()
                    .filter(ConfigSources::configurable).map(ConfigSources::variable).forEach(anyCommand::add);
        }
        assertThat(anyCommand).containsAll(imageEnvironment().keySet());
        for (JsonNode service : parleyServices().values()) {
            service.path("volumes").forEach(v -> assertThat(v.asText()).endsWith(":/var/lib/parley"));
        }
    }

    @Test
    void prometheusScrapesEveryStageOnThePortTheImageServes() throws Exception {
        JsonNode prometheus = YAML.readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());
        Set<String> scraped = new TreeSet<>();
        for (JsonNode job : prometheus.get("scrape_configs")) {
            for (JsonNode sd : job.get("dns_sd_configs")) {
                assertThat(sd.get("port").asText()).isEqualTo(imageEnvironment().get("PARLEY_HTTP_PORT"));
                sd.get("names").forEach(n -> scraped.add(n.asText()));
            }
            assertThat(job.get("job_name").asText()).startsWith("parley-");
        }
        assertThat(scraped).isEqualTo(parleyServices().keySet());
        JsonNode monitoring = compose().get("services");
        assertThat(monitoring.get("prometheus").get("profiles").get(0).asText()).isEqualTo("monitoring");
        assertThat(monitoring.get("grafana").get("profiles").get(0).asText()).isEqualTo("monitoring");
    }

    @Test
    void promtoolAcceptsTheConfigurationAndTheRules() throws Exception {
        boolean available = Files.isExecutable(PROMTOOL);
        String missing = "no promtool at " + PROMTOOL + ": install Debian's prometheus package (.ci/run does) to check the rules";
        if (System.getenv("PARLEY_REQUIRE_PROMETHEUS") != null) {
            assertThat(available).as(missing).isTrue();
        }
        assumeTrue(available, missing);
        assertThat(promtool("check", "config", "deploy/prometheus/prometheus.yml")).contains("SUCCESS: 4 rules found");
        assertThat(promtool("check", "rules", "deploy/prometheus/rules.yml")).contains("SUCCESS: 4 rules found");
    }

    static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** The variables the Dockerfile's ENV lines set. */
    static Map<String, String> imageEnvironment() throws Exception {
        Map<String, String> env = new HashMap<>();
        Matcher m = Pattern.compile("^ENV (\\w+)=(\\S+)$", Pattern.MULTILINE).matcher(Files.readString(ROOT.resolve("Dockerfile")));
        while (m.find()) {
            env.put(m.group(1), m.group(2));
        }
        return env;
    }

    private static Set<String> kafkaClientSettings() {
        Set<String> keys = new TreeSet<>();
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        keys.addAll(StreamsConfig.configDef().names());
        return keys;
    }

    /** Metric names a PromQL expression reads: Parley's and Kafka's own, by their prefixes. */
    static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\b((?:parley|kafka)_[a-z0-9_]+)").matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Every expression of the Grafana dashboard and the Prometheus rules. */
    static List<String> expressions() throws Exception {
        List<String> exprs = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("deploy/grafana/dashboards/parley.json").toFile());
        dashboard.get("panels").forEach(p -> p.get("targets").forEach(t -> exprs.add(t.get("expr").asText())));
        dashboard.path("templating").path("list").forEach(v -> exprs.add(v.path("query").path("query").asText()));
        YAML.readTree(ROOT.resolve("deploy/prometheus/rules.yml").toFile()).get("groups")
                .forEach(g -> g.get("rules").forEach(r -> exprs.add(r.get("expr").asText())));
        return exprs;
    }

    @Test
    void theDashboardAndTheRulesReadMetricsByName() throws Exception {
        Set<String> names = new TreeSet<>();
        expressions().forEach(e -> names.addAll(metricNames(e)));
        assertThat(names).contains("parley_party_index", "parley_party_band", "parley_dead_letters_topic_total",
                "kafka_consumer_fetch_manager_records_lag_max", "parley_alerts_total", "parley_feed_parked");
    }
}

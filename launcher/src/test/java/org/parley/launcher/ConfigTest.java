package org.parley.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** One configuration: flag > PARLEY_* variable > --config file > default, shown by 'parley config'. */
class ConfigTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("parley.yaml"), yaml);
    }

    /** The typed value picocli gives a command's option. */
    private static Object value(Map<String, String> env, String option, String... args) {
        CommandLine cl = Parley.commandLine(env, args);
        CommandLine.ParseResult parsed = cl.parseArgs(args).subcommand();
        return parsed.commandSpec().findOption(option).getValue();
    }

    private static CliTest.Result run(Map<String, String> env, String... args) {
        CommandLine cl = Parley.commandLine(env, args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new CliTest.Result(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void aFlagBeatsTheVariableWhichBeatsTheFileWhoseCommandSectionBeatsItsTopLevel() throws Exception {
        String config = file("http-port: 7000\naggregate:\n  http-port: 7100\n").toString();
        Map<String, String> env = new HashMap<>();

        assertThat(value(env, "--http-port", "aggregate")).as("default").isEqualTo(8080);
        assertThat(value(env, "--http-port", "--config", config, "run")).as("file, top level").isEqualTo(7000);
        assertThat(value(env, "--http-port", "aggregate", "--config", config)).as("file, section").isEqualTo(7100);
        env.put("PARLEY_HTTP_PORT", "7200");
        assertThat(value(env, "--http-port", "aggregate", "--config", config)).as("environment").isEqualTo(7200);
        assertThat(value(env, "--http-port", "aggregate", "--config", config, "--http-port", "7300")).as("flag").isEqualTo(7300);
    }

    @Test
    void theFileCanBeNamedByParleyConfigAndListsFillSplitOptions() throws Exception {
        Path config = file("cors-origin: [https://a.example, https://b.example]\nwindows: 24h,7d\n");
        Map<String, String> env = Map.of("PARLEY_CONFIG", config.toString());
        assertThat(value(env, "--cors-origin", "aggregate")).isEqualTo(List.of("https://a.example", "https://b.example"));
        assertThat(value(env, "--windows", "aggregate")).isEqualTo("24h,7d");
    }

    @Test
    void aMisspeltKeyOrAMissingFileIsAOneLineError() throws Exception {
        Path typo = file("htp-port: 8080\n");
        assertThatThrownBy(() -> Parley.commandLine(Map.of(), "run", "--config", typo.toString()))
                .isInstanceOf(Parley.UsageError.class).hasMessageContaining("'htp-port' is no option of any command");
        Path section = Files.writeString(dir.resolve("section.yaml"), "ingest:\n  webhook: https://x.example\n");
        assertThatThrownBy(() -> Parley.commandLine(Map.of(), "--config=" + section))
                .hasMessageContaining("'ingest.webhook' is no option of 'parley ingest'");
        assertThat(Parley.run(Map.of(), "run", "--config", dir.resolve("none.yaml").toString())).isEqualTo(2);
    }

    @Test
    void parleyConfigShowsEachValueItsSourceAndMasksSecrets() throws Exception {
        Path config = file("aggregate:\n  alert-sensitivity: high\n");
        Map<String, String> env = Map.of("PARLEY_API_TOKEN", "hunter2", "PARLEY_KAFKA_SASL_JAAS_CONFIG", "x password=\"hunter3\";",
                "PARLEY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        CliTest.Result r = run(env, "config", "--config", config.toString(), "aggregate", "--bootstrap-servers", "k:9092",
                "--http-port", "9000");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("hunter2", "hunter3")
                .containsPattern("--http-port\\s+9000\\s+flag")
                .containsPattern("--api-token\\s+\\[hidden]\\s+environment \\(PARLEY_API_TOKEN\\)")
                .containsPattern("--alert-sensitivity\\s+high\\s+file \\(.*parley.yaml: aggregate.alert-sensitivity\\)")
                .containsPattern("--half-life\\s+7d\\s+default")
                .containsPattern("sasl.jaas.config\\s+\\[hidden]")
                .containsPattern("security.protocol\\s+SASL_SSL")
                .containsPattern("bootstrap.servers\\s+k:9092");
    }

    @Test
    void parleyConfigYamlIsAConfigurationFileThatGivesTheSameValues() throws Exception {
        CliTest.Result r = run(Map.of(), "config", "--yaml", "aggregate", "--http-port", "9001", "--half-life", "3d");
        assertThat(r.exit()).as(r.err()).isZero();
        Path written = Files.writeString(dir.resolve("written.yaml"), r.out());
        assertThat(value(Map.of(), "--http-port", "aggregate", "--config", written.toString())).isEqualTo(9001);
        assertThat(value(Map.of(), "--half-life", "aggregate", "--config", written.toString()))
                .isEqualTo(java.time.Duration.ofDays(3));
    }
}

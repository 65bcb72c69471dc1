package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void readinessNeedsEveryCheckAndLivenessOnlyItsOwn() {
        Health health = new Health().live("streams", () -> Health.Status.up("RUNNING"))
                .ready("kafka", () -> Health.Status.down("cluster not reachable"));

        assertThat(health.liveness().status()).isEqualTo("UP");
        assertThat(health.liveness().checks()).extracting(Health.CheckBody::name).containsExactly("streams");
        Health.HealthBody ready = health.readiness();
        assertThat(ready.status()).isEqualTo("DOWN");
        assertThat(ready.checks()).containsExactly(new Health.CheckBody("streams", "UP", "RUNNING"),
                new Health.CheckBody("kafka", "DOWN", "cluster not reachable"));
    }

    @Test
    void aCheckThatThrowsIsDown() {
        Health health = new Health().live("broken", () -> {
            throw new IllegalStateException("no state");
        });
        assertThat(health.liveness()).isEqualTo(new Health.HealthBody("DOWN",
                java.util.List.of(new Health.CheckBody("broken", "DOWN", "no state"))));
    }

    @Test
    void theRoutesAnswer200WhenUpAnd503WhenDownWithTheSameBody() throws Exception {
        boolean[] up = {true};
        Health health = new Health().ready("flag", () -> up[0] ? Health.Status.up("yes") : Health.Status.down("no"));
        try (WebServer web = new WebServer(WebServer.Settings.of("127.0.0.1", 0).withApiToken("secret"))) {
            health.mount(web);
            web.start();
            var client = java.net.http.HttpClient.newHttpClient();
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + web.port() + "/health/ready")).build();
            var ok = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).as("open without the API token").isEqualTo(200);
            assertThat(ok.body()).contains("\"status\":\"UP\"");
            up[0] = false;
            var down = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"", "\"detail\":\"no\"");
        }
    }
}

package dev.tailtalos.monitor;

import dev.tailtalos.common.web.HttpGuardFilter;
import dev.tailtalos.common.web.RawHttp;
import dev.tailtalos.sim.NodeSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The monitor's API is locked: read token for reads, write token for writes, own Host names only, security headers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorApiLockTest {
    private static final List<String> READS = List.of("/api/v1/audit/records", "/api/v1/audit/records.jsonl",
            "/api/v1/audit/tail.jsonl", "/api/v1/audit/tail", "/api/v1/audit/chains", "/api/v1/audit/export",
            "/api/v1/rollouts", "/api/v1/nodes");
    private MonitorTestStack stack;

    @BeforeAll
    void start() throws Exception {
        stack = MonitorTestStack.start(List.of(new NodeSpec("k8s-1", "127.0.0.1", 0)), Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void readsNeedTheReadOrWriteToken() throws Exception {
        for (String path : READS) {
            HttpResponse<String> none = stack.send("GET", path);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Bearer");
            assertThat(stack.send("GET", path, "Authorization", "Bearer wrong-token-0123456789").statusCode()).as(path)
                    .isEqualTo(401);
            assertThat(stack.get(path).statusCode()).as(path).isEqualTo(200);
            assertThat(stack.send("GET", path, "Authorization", "Bearer " + stack.writeToken()).statusCode()).as(path)
                    .isEqualTo(200);
        }
    }

    @Test
    void probesNeedTheWriteToken() throws Exception {
        assertThat(stack.send("POST", "/api/v1/probes/k8s-1").statusCode()).isEqualTo(401);
        HttpResponse<String> withRead = stack.send("POST", "/api/v1/probes/k8s-1", "Authorization", "Bearer " + stack.readToken());
        assertThat(withRead.statusCode()).isEqualTo(403);
        assertThat(withRead.body()).contains("write token");
        assertThat(stack.post("/api/v1/probes/k8s-1").statusCode()).as("reaches the controller").isNotIn(401, 403, 421);
    }

    @Test
    void aForeignHostIsRefusedEvenWithTheToken() throws Exception {
        URI url = URI.create(stack.baseUrl + "/api/v1/audit/export");
        RawHttp.Response rebound = RawHttp.send("GET", url, "evil.example:" + url.getPort(),
                "Authorization: Bearer " + stack.readToken());
        assertThat(rebound.status()).isEqualTo(421);
        assertThat(rebound.body()).contains("evil.example").doesNotContain("\"producer\"");
        assertThat(RawHttp.send("GET", URI.create(stack.baseUrl + "/"), "evil.example").status()).isEqualTo(421);
        assertThat(RawHttp.send("GET", URI.create(stack.baseUrl + "/"), "localhost:" + url.getPort()).status()).isEqualTo(200);
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/monitor.js", "/api/v1/nodes", "/actuator/health")) {
            RawHttp.Response r = RawHttp.send("GET", URI.create(stack.baseUrl + path), null);
            assertThat(r.header("Content-Security-Policy")).as(path).isEqualTo(HttpGuardFilter.CONTENT_SECURITY_POLICY);
            assertThat(r.header("X-Frame-Options")).as(path).isEqualTo("DENY");
            assertThat(r.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        }
        assertThat(RawHttp.send("GET", URI.create(stack.baseUrl + "/actuator/health"), null).status()).isEqualTo(200);
    }
}

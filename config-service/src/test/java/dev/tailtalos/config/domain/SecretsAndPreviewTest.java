package dev.tailtalos.config.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailtalos.common.yaml.Yaml;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SecretsAndPreviewTest {

    private final Yaml yaml = new Yaml();

    @Test
    void generatedBundleHasTalosKeyTypesAndReadsBack() {
        SecretsBundle bundle = new TalosSecretsGenerator().generate();
        SecretsBundle read = SecretsBundle.parse(yaml, "talsecret.yaml", yaml.write(bundle.toTree()), Map.of(),
                SopsDecryptor.NONE);
        assertThat(pem(read, "certs.os.key")).startsWith("-----BEGIN ED25519 PRIVATE KEY-----");
        assertThat(pem(read, "certs.etcd.key")).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(pem(read, "certs.k8s.key")).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(pem(read, "certs.k8saggregator.key")).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(pem(read, "certs.k8sserviceaccount.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(read.get("secrets.bootstraptoken")).matches("[0-9a-z]{6}\\.[0-9a-z]{16}");
        assertThat(read.get("trustdinfo.token")).matches("[0-9a-z]{6}\\.[0-9a-z]{16}");
        assertThat(Base64.getUrlDecoder().decode(read.get("cluster.id"))).hasSize(32);
        assertThat(read.toString()).doesNotContain(read.get("cluster.secret"));
    }

    @Test
    void bundleErrorsNameTheFieldAndNeverTheValue() {
        String secret = "c3VwZXItc2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1ub3QtbGVhaw==";
        assertThatThrownBy(() -> SecretsBundle.parse(yaml, "talsecret.yaml",
                "cluster:\n  id: x\n  secret: " + secret + "\n  extra: " + secret + "\n", Map.of(), SopsDecryptor.NONE))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("cluster.extra").hasMessageContaining("certs.os.crt")
                .hasMessageNotContaining(secret);
        assertThatThrownBy(() -> SecretsBundle.parse(yaml, "talsecret.sops.yaml",
                "cluster:\n  id: ENC[AES256_GCM,data:abc,iv:x,tag:y,type:str]\nsops:\n  version: 3.9.0\n", Map.of(),
                SopsDecryptor.NONE))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("talsecret.sops.yaml").hasMessageContaining("SOPS-encrypted");
    }

    @Test
    void diffShowsWhatChangesAndUnbindHidesSecrets() {
        SecretsBundle bundle = new TalosSecretsGenerator().generate();
        BundleBinder binder = new BundleBinder(bundle);
        String before = "machine:\n  ca:\n    key: " + bundle.get("certs.os.key") + "\n  certSANs: []\n";
        String after = "machine:\n  ca:\n    key: " + bundle.get("certs.os.key") + "\n  certSANs:\n    - 100.64.0.7\n";
        List<String> diff = ConfigDiff.unified("lab-n1.yaml", binder.unbind(before), binder.unbind(after));
        assertThat(diff).contains("+    - 100.64.0.7", "-  certSANs: []");
        assertThat(String.join("\n", diff)).doesNotContain(bundle.get("certs.os.key"));
        assertThat(ConfigDiff.unified("x", after, after)).isEmpty();
        assertThat(ConfigDiff.unified("x", null, after).get(0)).isEqualTo("--- /dev/null");
    }

    @Test
    void debouncerFiresOnceAfterQuiet() throws InterruptedException {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            LinkedBlockingQueue<List<String>> fired = new LinkedBlockingQueue<>();
            Debouncer<String> debouncer = new Debouncer<>(scheduler, Duration.ofMillis(200), fired::add);
            debouncer.event("talconfig.yaml");
            debouncer.event("patches/a.yaml");
            debouncer.event("talconfig.yaml");
            assertThat(fired.poll(10, TimeUnit.SECONDS)).containsExactly("talconfig.yaml", "patches/a.yaml");
            assertThat(fired.poll(400, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void webhookSignatureMatchesGithubAndGiteaForms() {
        WebhookSignature signature = new WebhookSignature("It's a Secret to Everybody");
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        // GitHub's documented example for this secret and payload
        String expected = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertThat(signature.hex(body)).isEqualTo(expected);
        assertThat(signature.verifies(body, "sha256=" + expected)).isTrue();
        assertThat(signature.verifies(body, expected)).isTrue();
        assertThat(signature.verifies(body, "sha256=" + expected.replace('7', '8'))).isFalse();
        assertThat(signature.verifies(body, null)).isFalse();
    }

    @Test
    void tailnetObservationsReportOnlyChanges() {
        TailnetObservations observations = new TailnetObservations();
        assertThat(observations.observe("k8s-2", List.of("100.64.0.12"), List.of("k8s-2.tail1234.ts.net."))).isPresent();
        assertThat(observations.observe("k8s-2", List.of("100.64.0.12"), List.of("k8s-2.tail1234.ts.net"))).isEmpty();
        var change = observations.observe("k8s-2", List.of("100.64.0.99"), List.of("k8s-2.tail1234.ts.net"));
        assertThat(change).get().extracting(TailnetObservations.Change::describe).asString()
                .isEqualTo("tailnet address of k8s-2 changed to 100.64.0.99, k8s-2.tail1234.ts.net");
        assertThat(observations.sansByNode()).containsEntry("k8s-2", List.of("100.64.0.99", "k8s-2.tail1234.ts.net"));
    }

    private static String pem(SecretsBundle bundle, String field) {
        return new String(Base64.getDecoder().decode(bundle.get(field)), StandardCharsets.UTF_8);
    }
}

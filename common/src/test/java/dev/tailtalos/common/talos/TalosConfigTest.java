package dev.tailtalos.common.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailtalos.common.talos.pki.CertificateAuthority;
import dev.tailtalos.common.talos.pki.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TalosConfigTest {

    private static final CertificateAuthority CA = CertificateAuthority.generateOsCa();
    private static final IssuedCertificate ADMIN = CA.issueClientCertificate(List.of("os:admin"), Duration.ofHours(1));

    @TempDir
    Path dir;

    @Test
    void writeThenReadRoundTrips() throws Exception {
        TalosConfig config = TalosConfig.of("lab", new TalosConfig.Context(List.of("127.0.10.1:50000"),
                List.of("127.0.10.1"), CA.certificatePem(), ADMIN.certificatePem(), ADMIN.privateKeyPem()));
        Path file = dir.resolve("talosconfig");

        config.write(file);
        TalosConfig read = TalosConfig.read(file);

        assertThat(read.context()).isEqualTo("lab");
        assertThat(read.currentContext()).isEqualTo(config.currentContext());
        assertThat(read.currentContext().credentials().roles()).containsExactly("os:admin");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void writesTalosctlLayoutWithBase64Pem() throws Exception {
        Path file = dir.resolve("talosconfig");
        TalosConfig.of("lab", new TalosConfig.Context(List.of("127.0.10.1"), List.of(), CA.certificatePem(),
                ADMIN.certificatePem(), ADMIN.privateKeyPem())).write(file);

        String yaml = Files.readString(file);

        assertThat(yaml).startsWith("context: lab\ncontexts:\n  lab:\n    endpoints:\n");
        String caLine = yaml.lines().filter(line -> line.trim().startsWith("ca: ")).findFirst().orElseThrow();
        String ca = new String(Base64.getDecoder().decode(caLine.trim().substring(4)), StandardCharsets.UTF_8);
        assertThat(ca).isEqualTo(CA.certificatePem());
        assertThat(yaml).doesNotContain("nodes:").doesNotContain("BEGIN");
    }

    @Test
    void readsFileWrittenByTalosctlStyleWithFourSpaceIndent() throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, "context: prod\ncontexts:\n    prod:\n        endpoints:\n            - 127.0.0.1\n"
                + "        nodes:\n            - 127.0.0.2\n        ca: " + b64(CA.certificatePem()) + "\n        crt: "
                + b64(ADMIN.certificatePem()) + "\n        key: " + b64(ADMIN.privateKeyPem()) + "\n");

        TalosConfig.Context context = TalosConfig.read(file).currentContext();

        assertThat(context.endpoints()).containsExactly("127.0.0.1");
        assertThat(context.nodes()).containsExactly("127.0.0.2");
        assertThat(context.credentials().privateKey().getEncoded()).isEqualTo(ADMIN.privateKey().getEncoded());
    }

    @Test
    void missingContextIsNamed() throws Exception {
        Path file = write("contexts:\n  a:\n    endpoints: [127.0.0.1]\n");

        assertThatThrownBy(() -> TalosConfig.read(file)).isInstanceOf(TalosConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("'context' is missing");
    }

    @Test
    void contextNotInContextsIsNamed() throws Exception {
        Path file = write("context: b\ncontexts:\n  a:\n    endpoints: [127.0.0.1]\n");

        assertThatThrownBy(() -> TalosConfig.read(file)).isInstanceOf(TalosConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("\"b\"").hasMessageContaining("[a]");
    }

    @Test
    void badBase64IsNamedWithField() throws Exception {
        Path file = write("context: a\ncontexts:\n  a:\n    endpoints: [127.0.0.1]\n    ca: '!!!not-base64'\n");

        assertThatThrownBy(() -> TalosConfig.read(file)).isInstanceOf(TalosConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("contexts.a.ca")
                .hasMessageContaining("base64");
    }

    @Test
    void badPemIsNamedWithField() throws Exception {
        Path file = write("context: a\ncontexts:\n  a:\n    endpoints: [127.0.0.1]\n    ca: " + b64(CA.certificatePem())
                + "\n    crt: " + b64(ADMIN.certificatePem()) + "\n    key: " + b64("hello") + "\n");

        assertThatThrownBy(() -> TalosConfig.read(file)).isInstanceOf(TalosConfigException.class)
                .hasMessageContaining("contexts.a.key").hasMessageContaining("PEM");
    }

    @Test
    void invalidYamlNamesTheFile() throws Exception {
        Path file = write("context: [unclosed\n");

        assertThatThrownBy(() -> TalosConfig.read(file)).isInstanceOf(TalosConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("YAML");
    }

    @Test
    void credentialsToStringHidesKey() {
        TalosCredentials credentials = TalosCredentials.of(CA.certificate(), ADMIN);

        assertThat(credentials.toString()).doesNotContain(ADMIN.privateKeyPem()).doesNotContain("PRIVATE KEY")
                .contains("os:admin").contains("redacted");
        TalosConfig.Context context = new TalosConfig.Context(List.of("127.0.0.1"), List.of(), CA.certificatePem(),
                ADMIN.certificatePem(), ADMIN.privateKeyPem());
        assertThat(context.toString()).doesNotContain("PRIVATE KEY");
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("talosconfig");
        Files.writeString(file, yaml);
        return file;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.tailtalos.cli.talos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailtalos.cli.TailtalosCli;
import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.common.talos.pki.CertificateAuthority;
import dev.tailtalos.common.talos.pki.IssuedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The reverse of the talosctl contract suite: {@code tailtalos talos} against tools/talos-api-oracle, a server built
 * on Talos' own generated machine API code and config loader (tools/build-talos-api-oracle.sh builds it; the binary
 * comes from {@code $TALOS_API_ORACLE_BINARY}). Tagged {@code talosctl}: runs with {@code -Ptalosctl}, fails without
 * the binary.
 */
@Tag("talosctl")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TalosApiOracleTest {

    private static final String ADDRESS = "127.0.78.1";

    private Path dir;
    private Process oracle;
    private String endpoint;
    private Path talosconfig;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        dir = temp;
        String binary = System.getenv("TALOS_API_ORACLE_BINARY");
        if (binary == null || !Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException("set $TALOS_API_ORACLE_BINARY to the binary tools/build-talos-api-oracle.sh "
                    + "prints (now: " + binary + ")");
        }
        CertificateAuthority ca = CertificateAuthority.generateOsCa();
        IssuedCertificate server = ca.issueServerCertificate("oracle-1", List.of(ADDRESS), List.of("oracle-1"),
                CertificateAuthority.SERVER_VALIDITY);
        Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
        Files.writeString(dir.resolve("server.crt"), server.certificatePem());
        Files.writeString(dir.resolve("server.key"), server.privateKeyPem());
        Files.createDirectories(dir.resolve("applied"));
        Path ready = dir.resolve("ready");
        oracle = new ProcessBuilder(binary, "-listen", ADDRESS + ":0", "-ca", dir.resolve("ca.crt").toString(),
                "-cert", dir.resolve("server.crt").toString(), "-key", dir.resolve("server.key").toString(),
                "-ready-file", ready.toString(), "-applied-dir", dir.resolve("applied").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("oracle.log").toFile()).start();
        for (int i = 0; i < 300 && !Files.exists(ready); i++) {
            if (!oracle.isAlive()) {
                throw new IllegalStateException("talos-api-oracle exited: " + Files.readString(dir.resolve("oracle.log")));
            }
            Thread.sleep(100);
        }
        endpoint = Files.readString(ready).trim();
        TalosCredentials admin = TalosCredentials.of(ca.certificate(),
                ca.issueClientCertificate(List.of("os:admin"), CertificateAuthority.CLIENT_VALIDITY));
        talosconfig = dir.resolve("talosconfig");
        TalosConfig.of("oracle", new TalosConfig.Context(List.of(endpoint), List.of(ADDRESS), admin.caPem(),
                admin.crtPem(), admin.keyPem())).write(talosconfig);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (oracle != null) {
            oracle.destroy();
            oracle.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void versionAndServices() {
        String[] version = run(0, "version", "-n", ADDRESS);
        String[] services = run(0, "service", "-n", ADDRESS);

        assertThat(version[0]).contains("Tag:", "v1.10.4", "oracle");
        assertThat(services[0]).contains("apid", "machined", "Running", "OK");
    }

    @Test
    void applyConfigPassesTalosConfigLoader() throws Exception {
        Path config = dir.resolve("node.yaml");
        Files.writeString(config, "version: v1alpha1\nmachine:\n  type: worker\n  token: abcdef.0123456789abcdef\n"
                + "  network:\n    hostname: oracle-w\n  install:\n    disk: /dev/sda\ncluster:\n  clusterName: lab\n"
                + "  controlPlane:\n    endpoint: https://cp.lab:6443\n");

        String[] applied = run(0, "apply-config", "-f", config.toString(), "-n", ADDRESS);

        assertThat(applied[0] + applied[1]).contains("Applied configuration without a reboot", "oracle-w");
        assertThat(Files.readString(dir.resolve("applied").resolve("applied-1.yaml"))).isEqualTo(Files.readString(config));
    }

    @Test
    void aConfigTalosCannotLoadIsRefusedByTheServer() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "version: v1alpha1\nmachine:\n  type: worker\n  notAField: 1\n");

        String[] refused = run(1, "apply-config", "-f", config.toString(), "-n", ADDRESS);

        assertThat(refused[0] + refused[1]).contains("failed to parse config", "notAField");
    }

    private String[] run(int expectedCode, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] full = new String[args.length + 5];
            full[0] = "talos";
            System.arraycopy(args, 0, full, 1, args.length);
            full[args.length + 1] = "--talosconfig";
            full[args.length + 2] = talosconfig.toString();
            full[args.length + 3] = "-e";
            full[args.length + 4] = endpoint;
            code = new CommandLine(new TailtalosCli()).execute(full);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        String[] printed = {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        assertThat(code).as("exit code; stdout:\n%s\nstderr:\n%s", printed[0], printed[1]).isEqualTo(expectedCode);
        return printed;
    }
}

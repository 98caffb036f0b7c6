package dev.tailtalos.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailtalos.cli.TailtalosCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code render} writes each node where its filenameTmpl says, like talhelper genconfig. */
class RenderFilenameTmplTest {

    @TempDir
    Path temp;

    private static synchronized int run(ByteArrayOutputStream out, String... args) {
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return new CommandLine(new TailtalosCli()).execute(args);
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
    }

    private Path repo(String filenameTmpl) throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Files.writeString(repo.resolve("talconfig.yaml"), """
                clusterName: lab
                talosVersion: v1.10.4
                kubernetesVersion: v1.33.1
                endpoint: https://10.0.0.10:6443
                worker:
                  filenameTmpl: "%s"
                nodes:
                  - hostname: cp1
                    ipAddress: 10.0.0.11
                    controlPlane: true
                    installDisk: /dev/sda
                  - hostname: w1
                    ipAddress: 10.0.0.21
                    installDisk: /dev/sda
                    nodeLabels:
                      disk: '{{ .MachineConfig.MachineInstall.InstallDisk | trimPrefix "/dev/" }}'
                """.formatted(filenameTmpl));
        return repo;
    }

    @Test
    void writesTheTemplatedNamesIncludingSubdirectories() throws Exception {
        Path repo = repo("{{ .Role }}/{{ .Hostname }}.yaml");
        Path out = temp.resolve("out");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        assertThat(run(output, "render", repo.toString(), "--out", out.toString())).as(output.toString()).isZero();
        assertThat(output.toString()).contains("generated config for cp1 in " + out.resolve("lab-cp1.yaml"),
                "generated config for w1 in " + out.resolve("worker").resolve("w1.yaml"));
        Path worker = out.resolve("worker").resolve("w1.yaml");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(worker.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(worker))).isEqualTo("rw-------");
        assertThat(Files.readString(worker)).contains("disk: sda");
        assertThat(out.resolve("lab-cp1.yaml")).exists();
        try (var files = Files.list(out.resolve("worker"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("w1.yaml");
        }
    }

    @Test
    void refusesANameOutsideTheOutputDirectory() throws Exception {
        Path repo = repo("../{{ .Hostname }}.yaml");
        Path out = temp.resolve("out");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        assertThat(run(output, "render", repo.toString(), "--out", out.toString())).isOne();
        assertThat(output.toString()).contains("render refused", "nodes[1].filenameTmpl",
                "not a file name inside the output directory");
        assertThat(temp.resolve("w1.yaml")).doesNotExist();
        assertThat(out).doesNotExist();
    }
}

package dev.tailtalos.cli.demo;

import dev.tailtalos.cli.TailtalosCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code tailtalos demo} exactly as a user does, then {@code tailtalos audit verify} on the file it exported. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoAuditExportVerifiesTest {
    private Path dataDir;
    private int demoExit;
    private String demoOut;

    @BeforeAll
    void runTheDemo() throws Exception {
        dataDir = Files.createTempDirectory("tailtalos-demo-test-");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            demoExit = new CommandLine(new TailtalosCli()).execute("demo", "--data-dir", dataDir.toString(),
                    "--repo", "../examples/homelab", "--base-address", "127.0.10.41");
        } finally {
            System.setOut(stdout);
        }
        demoOut = captured.toString(StandardCharsets.UTF_8);
    }

    @AfterAll
    void cleanUp() {
        org.springframework.util.FileSystemUtils.deleteRecursively(dataDir.toFile());
    }

    @Test
    void theDemoSucceedsAndSaysWhereEachPartListens() {
        assertThat(demoExit).as(demoOut).isZero();
        assertThat(demoOut).contains("Kafka at 127.0.0.1:", "monitor page and API at http://127.0.0.1:",
                "deployer HTTP API on http://127.0.0.1:", "audit chains verified");
    }

    @Test
    void auditVerifyAcceptsTheDemosExport() {
        Path export = dataDir.resolve("audit/audit.jsonl");
        assertThat(export).as(demoOut).isRegularFile();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TailtalosCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("audit", "verify", "--all", export.toString());
        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains(": intact: ");
    }
}

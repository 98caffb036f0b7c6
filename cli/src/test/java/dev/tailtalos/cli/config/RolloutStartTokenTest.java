package dev.tailtalos.cli.config;

import dev.tailtalos.cli.TailtalosCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rollout start} takes its token from a file only: a token on argv is refused before anything is sent. */
class RolloutStartTokenTest {

    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(new CommandLine(new TailtalosCli()).execute(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(stderr);
        }
    }

    @Test
    void aTokenOnTheCommandLineIsRefused() {
        Run r = run("rollout", "start", "--reason", "x", "--url", "http://127.0.0.1:9", "--token", "secret-token-0123456789");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--token is not accepted", "--token-file").doesNotContain("secret-token-0123456789");
    }

    @Test
    void anUnreadableOrShortTokenFileIsAUsageErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path shortToken = dir.resolve("short.token");
        Files.writeString(shortToken, "abc\n");
        Run r = run("rollout", "start", "--reason", "x", "--url", "http://127.0.0.1:9", "--token-file", shortToken.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(shortToken.toString(), "shorter than 16").doesNotContain("abc\n");
        Run missing = run("rollout", "start", "--reason", "x", "--url", "http://127.0.0.1:9",
                "--token-file", dir.resolve("none").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("none");
    }
}

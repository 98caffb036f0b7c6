package dev.tailtalos.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/cli-reference.md is what the command definitions say; a changed option without a regenerated file fails here. */
class CliReferenceTest {
    private static final Path REFERENCE = Path.of("..", "docs", "cli-reference.md");

    @Test
    void committedReferenceMatchesTheCommands() throws IOException {
        String generated = CliReference.markdown(new CommandLine(new TailtalosCli()));
        if (Boolean.getBoolean("tailtalos.cli-reference.write")) {
            Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
        }
        assertThat(REFERENCE).as("docs/cli-reference.md exists").exists();
        assertThat(Files.readString(REFERENCE, StandardCharsets.UTF_8))
                .as("docs/cli-reference.md is stale: regenerate it with the command at its top")
                .isEqualTo(generated);
    }

    @Test
    void everyVisibleCommandAndOptionIsListed() {
        String generated = CliReference.markdown(new CommandLine(new TailtalosCli()));
        assertThat(generated).contains("## tailtalos rollout start").contains("## tailtalos audit verify")
                .contains("## tailtalos talos version").contains("`--output`").doesNotContain("--timeout-per-call")
                .doesNotContain("${DEFAULT-VALUE}");
    }
}

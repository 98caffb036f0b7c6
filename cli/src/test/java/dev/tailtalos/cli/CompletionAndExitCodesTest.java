package dev.tailtalos.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionAndExitCodesTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new TailtalosCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void bashCompletionCoversSubcommandsAndOptions() {
        assertThat(run("completion", "bash")).isZero();
        assertThat(out.toString()).contains("complete -F").contains("rollout").contains("audit").contains("--follow")
                .contains("completion");
    }

    @Test
    void unknownShellIsAUsageError() {
        assertThat(run("completion", "tcsh")).isEqualTo(2);
        assertThat(err.toString()).contains("'tcsh' is not bash, zsh or fish");
    }

    @Test
    void fishCompletionCoversNestedSubcommandsAndOptions() {
        assertThat(run("completion", "fish")).isZero();
        assertThat(out.toString())
                .contains("complete -c tailtalos -f -n 'not __fish_seen_subcommand_from demo render")
                .contains("-n '__fish_seen_subcommand_from rollout; and not __fish_seen_subcommand_from start status")
                .contains("-n '__fish_seen_subcommand_from rollout; and __fish_seen_subcommand_from status' -s f -l follow")
                .doesNotContain("cds-training");
    }

    @Test
    void helpDocumentsExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Exit codes:").contains("0   success").contains("2   usage error");
    }

    @Test
    void badOptionExitsTwo() {
        assertThat(run("rollout", "status", "--no-such-option")).isEqualTo(2);
    }
}

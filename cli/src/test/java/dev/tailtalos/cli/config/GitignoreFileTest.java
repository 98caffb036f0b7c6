package dev.tailtalos.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitignoreFileTest {

    @TempDir
    Path dir;

    @Test
    void appendsWhatIsNotIgnoredYetAndNothingOnTheSecondRunAsTalhelperDoes() throws Exception {
        // the same .gitignore and outputs given to talhelper v3.1.16 genconfig left exactly this file, twice
        Files.writeString(dir.resolve(".gitignore"), "# generated\n*-a.yaml\nsub/\n");
        List<String> outputs = List.of("fw-a.yaml", "fw-b.yaml", "talosconfig");
        assertThat(GitignoreFile.append(dir, outputs)).containsExactly("fw-b.yaml", "talosconfig");
        assertThat(GitignoreFile.append(dir, outputs)).isEmpty();
        assertThat(Files.readString(dir.resolve(".gitignore")))
                .isEqualTo("# generated\n*-a.yaml\nsub/\nfw-b.yaml\ntalosconfig\n");
    }

    @Test
    void createsTheFileWhenMissing() throws Exception {
        assertThat(GitignoreFile.append(dir, List.of("lab-cp1.yaml", "worker/w1.yaml", "talosconfig"))).hasSize(3);
        assertThat(Files.readAllLines(dir.resolve(".gitignore")))
                .containsExactly("lab-cp1.yaml", "worker/w1.yaml", "talosconfig");
    }

    @Test
    void matchesLikeGit() {
        assertThat(GitignoreFile.ignores(List.of("*.yaml"), "worker/w1.yaml")).isTrue();
        assertThat(GitignoreFile.ignores(List.of("/*.yaml"), "worker/w1.yaml")).isFalse();
        assertThat(GitignoreFile.ignores(List.of("/*.yaml"), "cp1.yaml")).isTrue();
        assertThat(GitignoreFile.ignores(List.of("worker/"), "worker/w1.yaml")).isTrue();
        assertThat(GitignoreFile.ignores(List.of("worker/"), "worker")).isFalse();
        assertThat(GitignoreFile.ignores(List.of("**/w?.yaml"), "a/b/w1.yaml")).isTrue();
        assertThat(GitignoreFile.ignores(List.of("*.yaml", "!cp1.yaml"), "cp1.yaml")).isFalse();
        assertThat(GitignoreFile.ignores(List.of("# talosconfig", ""), "talosconfig")).isFalse();
        assertThat(GitignoreFile.ignores(List.of("talos*"), "talosconfig")).isTrue();
    }
}

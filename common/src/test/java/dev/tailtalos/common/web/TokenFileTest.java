package dev.tailtalos.common.web;

import dev.tailtalos.common.files.PrivateFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenFileTest {

    @Test
    void aMissingTokenFileIsCreatedPrivateWithARandomToken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/monitor-read.token");
        BearerToken token = TokenFile.loadOrCreate(file, "ttmonread");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PrivateFiles.FILE);
        assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PrivateFiles.DIRECTORY);
        String value = Files.readString(file).strip();
        assertThat(value).startsWith("ttmonread-").hasSizeGreaterThan(40);
        assertThat(token.accepts("Bearer " + value)).isTrue();
        assertThat(token.accepts("Bearer " + value + "x")).isFalse();
        assertThat(token.accepts(value)).isFalse();
        assertThat(token.toString()).doesNotContain(value);
        assertThat(TokenFile.loadOrCreate(file, "other").accepts("Bearer " + value)).as("kept, not replaced").isTrue();
    }

    @Test
    void aDisabledTokenAcceptsNothing() {
        assertThat(TokenFile.fromSetting("", "x").accepts("Bearer ")).isFalse();
        assertThat(BearerToken.disabled().enabled()).isFalse();
    }

    @Test
    void shortOrMissingTokenFilesFailNamingTheFileNotTheToken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("short.token");
        Files.writeString(file, "abc\n");
        assertThatThrownBy(() -> TokenFile.read(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("shorter than 16").hasMessageNotContaining("abc");
        assertThatThrownBy(() -> TokenFile.read(dir.resolve("none"))).hasMessageContaining("none");
    }
}

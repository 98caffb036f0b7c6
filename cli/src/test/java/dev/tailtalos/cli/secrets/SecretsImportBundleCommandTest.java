package dev.tailtalos.cli.secrets;

import dev.tailtalos.cli.TailtalosCli;
import dev.tailtalos.secrets.domain.LocalKeystore;
import dev.tailtalos.secrets.domain.TalosSecretsBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A bundle from `tailtalos gensecret` goes into a local keystore in one command, every field the sealer names. */
class SecretsImportBundleCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String output) {
    }

    private Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            return new Run(TailtalosCli.newCommandLine().execute(args), captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aGeneratedBundleLandsFieldByFieldAndNoValueIsPrinted() throws Exception {
        Path bundle = dir.resolve("talsecret.yaml");
        assertThat(run("gensecret", "-o", bundle.toString()).code()).isZero();
        Run imported = run("secrets", "import-bundle", bundle.toString(), "--keystore", dir.resolve("ks.enc").toString(),
                "--key-file", dir.resolve("ks.key").toString());
        assertThat(imported.code()).as(imported.output()).isZero();
        assertThat(imported.output()).contains("imported talos/bundle version 1", "14 fields", "certs.os.key");
        Map<String, String> stored = LocalKeystore.open(dir.resolve("ks.enc"), dir.resolve("ks.key"), Clock.systemUTC())
                .read(TalosSecretsBundle.CUSTODY_PATH).orElseThrow();
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(TalosSecretsBundle.FIELDS);
        String text = Files.readString(bundle);
        for (Map.Entry<String, String> field : stored.entrySet()) {
            assertThat(text).contains(field.getValue());
            assertThat(imported.output()).doesNotContain(field.getValue());
        }
    }

    @Test
    void aBrokenKeyIsRefusedNamingTheFieldAndNothingIsWritten() throws Exception {
        Path bundle = dir.resolve("talsecret.yaml");
        assertThat(run("gensecret", "-o", bundle.toString()).code()).isZero();
        String text = Files.readString(bundle);
        String broken = text.replaceFirst("(?m)^(\\s+crt: )(\\S+)", "$1bm90IGEgY2VydGlmaWNhdGU=");
        assertThat(broken).isNotEqualTo(text);
        Files.writeString(bundle, broken);
        Run refused = run("secrets", "import-bundle", bundle.toString(), "--keystore", dir.resolve("ks.enc").toString(),
                "--key-file", dir.resolve("ks.key").toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.output()).contains("nothing imported", ".crt: not a PEM certificate").doesNotContain("\tat ");
        assertThat(dir.resolve("ks.enc")).doesNotExist();
    }

    @Test
    void aMissingFileIsAUsageError() {
        Run missing = run("secrets", "import-bundle", dir.resolve("nope.yaml").toString(), "--keystore",
                dir.resolve("ks.enc").toString(), "--key-file", dir.resolve("ks.key").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.output()).contains("nope.yaml: no such file");
    }
}

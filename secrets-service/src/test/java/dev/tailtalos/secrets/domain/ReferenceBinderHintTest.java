package dev.tailtalos.secrets.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferenceBinderHintTest {
    @TempDir
    Path dir;

    @Test
    void aBundleImportedAsOneFieldGetsTheHintToImportEveryField() {
        LocalKeystore custody = LocalKeystore.open(dir.resolve("keystore.enc"), dir.resolve("keystore.key"), Clock.systemUTC());
        custody.write("talos/bundle", Map.of("value", "cluster:\n  id: abc\n"));
        ReferenceBinder binder = new ReferenceBinder(custody);
        assertThatThrownBy(() -> binder.bind("custody://talos/bundle#trustdinfo.token", "machine.token"))
                .isInstanceOf(UnresolvedReferenceException.class)
                .hasMessageContaining("has no field 'trustdinfo.token'")
                .hasMessageContaining("tailtalos secrets import-bundle talsecret.yaml").hasMessageContaining("certs.os.key")
                .hasMessageNotContaining("abc");
    }

    @Test
    void aMissingBundleGetsTheSameHint() {
        LocalKeystore custody = LocalKeystore.open(dir.resolve("keystore.enc"), dir.resolve("keystore.key"), Clock.systemUTC());
        ReferenceBinder binder = new ReferenceBinder(custody);
        assertThatThrownBy(() -> binder.bind("custody://talos/bundle#trustdinfo.token", "machine.token"))
                .hasMessageContaining("is not in custody")
                .hasMessageContaining("tailtalos secrets import-bundle talsecret.yaml");
        assertThatThrownBy(() -> binder.bind("custody://tailscale/authkey", "ext"))
                .hasMessageContaining("import it with: tailtalos secrets import tailscale/authkey");
    }
}

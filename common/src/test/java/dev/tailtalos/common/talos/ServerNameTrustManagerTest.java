package dev.tailtalos.common.talos;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailtalos.common.talos.pki.CertificateAuthority;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerNameTrustManagerTest {
    private final X509Certificate served = CertificateAuthority.generateOsCa().issueServerCertificate("k8s-1",
            List.of("127.0.10.1", "192.168.1.11"), List.of("k8s-1", "*.lab.example"),
            CertificateAuthority.SERVER_VALIDITY).certificate();

    @Test
    void acceptsANamedAddressOrName() {
        assertThatCode(() -> ServerNameTrustManager.verifyName(served, "127.0.10.1")).doesNotThrowAnyException();
        assertThatCode(() -> ServerNameTrustManager.verifyName(served, "K8S-1")).doesNotThrowAnyException();
        assertThatCode(() -> ServerNameTrustManager.verifyName(served, "node.lab.example")).doesNotThrowAnyException();
    }

    @Test
    void reportsAMismatchInTalosctlsWords() {
        assertThatThrownBy(() -> ServerNameTrustManager.verifyName(served, "127.100.0.1"))
                .isInstanceOf(CertificateException.class)
                .hasMessage("x509: certificate is valid for 127.0.10.1, 192.168.1.11, not 127.100.0.1");
        assertThatThrownBy(() -> ServerNameTrustManager.verifyName(served, "k8s-1.tail1234.ts.net"))
                .hasMessage("x509: certificate is valid for k8s-1, *.lab.example, not k8s-1.tail1234.ts.net");
        assertThatThrownBy(() -> ServerNameTrustManager.verifyName(served, "a.b.lab.example"))
                .hasMessageContaining("not a.b.lab.example");
    }
}

package dev.tailtalos.common.talos.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {

    private static final CertificateAuthority CA = CertificateAuthority.generateOsCa();

    @Test
    void ed25519KeyIsWrittenWithTalosLabelAndPkcs8Inside() {
        String pem = Pem.encodePrivateKey(CA.privateKey());

        assertThat(pem).startsWith("-----BEGIN ED25519 PRIVATE KEY-----\n")
                .contains("-----END ED25519 PRIVATE KEY-----");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z0-9 ]+-----", ""));
        assertThat(der).isEqualTo(CA.privateKey().getEncoded());
    }

    @Test
    void ed25519KeyRoundTrips() {
        PrivateKey decoded = Pem.decodePrivateKey(Pem.encodePrivateKey(CA.privateKey()));

        assertThat(decoded.getAlgorithm()).isIn("EdDSA", "Ed25519");
        assertThat(decoded.getEncoded()).isEqualTo(CA.privateKey().getEncoded());
    }

    @Test
    void plainPkcs8LabelIsAccepted() {
        String pem = Pem.encodePrivateKey(CA.privateKey()).replace("ED25519 PRIVATE KEY", "PRIVATE KEY");

        assertThat(Pem.decodePrivateKey(pem).getEncoded()).isEqualTo(CA.privateKey().getEncoded());
    }

    @Test
    void ecKeyRoundTripsThroughSec1Label() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey key = generator.generateKeyPair().getPrivate();

        String pem = Pem.encodePrivateKey(key);

        assertThat(pem).startsWith("-----BEGIN EC PRIVATE KEY-----");
        PrivateKey decoded = Pem.decodePrivateKey(pem);
        assertThat(decoded.getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPrivateKey) decoded).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) key).getS());
    }

    @Test
    void certificateRoundTrips() {
        String pem = Pem.encodeCertificate(CA.certificate());

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Pem.decodeCertificate(pem)).isEqualTo(CA.certificate());
    }

    @Test
    void clientCertificateCarriesRolesAsOrganizations() throws Exception {
        IssuedCertificate client = CA.issueClientCertificate(List.of("os:operator", "os:reader"), Duration.ofHours(1));
        X509Certificate certificate = Pem.decodeCertificate(client.certificatePem());

        certificate.verify(CA.certificate().getPublicKey());
        assertThat(CertificateSubjects.organizations(certificate)).containsExactly("os:operator", "os:reader");
        assertThat(certificate.getSubjectX500Principal().getName()).doesNotContain("CN=");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(certificate.getKeyUsage()[0]).isTrue();
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void osCaLooksLikeTalos() {
        X509Certificate ca = CA.certificate();

        assertThat(CertificateSubjects.organizations(ca)).containsExactly("talos");
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getSigAlgName()).isIn("Ed25519", "EdDSA");
    }

    @Test
    void serverCertificateHasSans() throws Exception {
        IssuedCertificate server = CA.issueServerCertificate("node-1", List.of("127.0.10.1", "::1"),
                List.of("node-1"), Duration.ofHours(1));

        assertThat(server.certificate().getSubjectAlternativeNames())
                .extracting(san -> (Object) san.get(1))
                .contains((Object) "127.0.10.1", "node-1");
        assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void garbageIsRejectedWithPemException() {
        assertThatThrownBy(() -> Pem.decodePrivateKey("not pem")).isInstanceOf(PemException.class);
        assertThatThrownBy(() -> Pem.decodeCertificate(Pem.encodePrivateKey(CA.privateKey())))
                .isInstanceOf(PemException.class).hasMessageContaining("CERTIFICATE");
    }

    @Test
    void toStringNeverPrintsKeys() {
        IssuedCertificate client = CA.issueClientCertificate(List.of("os:admin"), Duration.ofHours(1));

        assertThat(client.toString()).doesNotContain("PRIVATE").contains("redacted");
        assertThat(CA.toString()).contains("redacted");
    }
}

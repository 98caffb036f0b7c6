package dev.tailtalos.common.talos;

import dev.tailtalos.common.talos.pki.CertificateSubjects;
import dev.tailtalos.common.talos.pki.IssuedCertificate;
import dev.tailtalos.common.talos.pki.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** Client credentials of a talosconfig context: the OS CA to trust and the client certificate and key (PEM). */
public record TalosCredentials(String caPem, String crtPem, String keyPem) {

    public TalosCredentials {
        require(caPem, "ca");
        require(crtPem, "crt");
        require(keyPem, "key");
    }

    public static TalosCredentials fromContext(TalosConfig.Context context) {
        if (context.ca() == null || context.crt() == null || context.key() == null) {
            throw new TalosConfigException("talosconfig context has no client credentials (needs ca, crt and key)");
        }
        return new TalosCredentials(context.ca(), context.crt(), context.key());
    }

    public static TalosCredentials of(X509Certificate ca, IssuedCertificate client) {
        return new TalosCredentials(Pem.encodeCertificate(ca), client.certificatePem(), client.privateKeyPem());
    }

    public X509Certificate caCertificate() {
        return Pem.decodeCertificate(caPem);
    }

    public List<X509Certificate> certificateChain() {
        return Pem.decodeCertificates(crtPem);
    }

    public PrivateKey privateKey() {
        return Pem.decodePrivateKey(keyPem);
    }

    public List<String> roles() {
        return CertificateSubjects.organizations(certificateChain().get(0));
    }

    @Override
    public String toString() {
        String description;
        try {
            description = "ca=" + caCertificate().getSubjectX500Principal() + ", roles=" + roles();
        } catch (RuntimeException e) {
            description = "unparsable";
        }
        return "TalosCredentials[" + description + ", key=<redacted>]";
    }

    private static void require(String pem, String field) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("credentials field '" + field + "' is missing");
        }
    }
}

package dev.tailtalos.common.talos.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {

    public String certificatePem() {
        return Pem.encodeCertificate(certificate);
    }

    public String privateKeyPem() {
        return Pem.encodePrivateKey(privateKey);
    }

    @Override
    public String toString() {
        return "IssuedCertificate[subject=" + certificate.getSubjectX500Principal()
                + ", notAfter=" + certificate.getNotAfter().toInstant() + ", privateKey=<redacted>]";
    }
}

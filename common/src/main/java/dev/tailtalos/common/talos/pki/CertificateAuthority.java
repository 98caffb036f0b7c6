package dev.tailtalos.common.talos.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * The Talos OS CA (Ed25519) and the certificates it issues, shaped like Talos/siderolabs crypto:
 * client certificates carry their roles as Subject O entries and EKU clientAuth only.
 */
public record CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {

    public static final String DEFAULT_ORGANIZATION = "talos";
    public static final Duration CA_VALIDITY = Duration.ofHours(87_600);
    public static final Duration CLIENT_VALIDITY = Duration.ofDays(365);
    public static final Duration SERVER_VALIDITY = Duration.ofHours(24);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    public CertificateAuthority {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    public static CertificateAuthority generateOsCa() {
        return generateOsCa(DEFAULT_ORGANIZATION);
    }

    public static CertificateAuthority generateOsCa(String organization) {
        KeyPair keyPair = newEd25519KeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, organization).build();
        try {
            X509v3CertificateBuilder builder = newBuilder(subject, subject, keyPair.getPublic(), CA_VALIDITY)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
            return new CertificateAuthority(sign(builder, keyPair.getPrivate()), keyPair.getPrivate());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate OS CA", e);
        }
    }

    public static CertificateAuthority fromPem(String certificatePem, String privateKeyPem) {
        return new CertificateAuthority(Pem.decodeCertificate(certificatePem), Pem.decodePrivateKey(privateKeyPem));
    }

    public String certificatePem() {
        return Pem.encodeCertificate(certificate);
    }

    public String privateKeyPem() {
        return Pem.encodePrivateKey(privateKey);
    }

    /** A talosctl-style client certificate: Subject O = each role, no CN, EKU clientAuth only. */
    public IssuedCertificate issueClientCertificate(List<String> roles, Duration validity) {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a client certificate needs at least one role (Subject O)");
        }
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        roles.forEach(role -> subject.addRDN(BCStyle.O, role));
        return issue(subject.build(), validity, KeyPurposeId.id_kp_clientAuth, null);
    }

    public IssuedCertificate issueServerCertificate(String commonName, List<String> ipSans, List<String> dnsSans,
            Duration validity) {
        List<GeneralName> names = new ArrayList<>();
        for (String ip : ipSans) {
            if (!IPAddress.isValid(ip)) {
                throw new IllegalArgumentException("IP SAN is not an IP address literal: " + ip);
            }
            names.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        for (String dns : dnsSans) {
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        return issue(subject, validity, KeyPurposeId.id_kp_serverAuth, new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    private IssuedCertificate issue(X500Name subject, Duration validity, KeyPurposeId purpose, GeneralNames sans) {
        KeyPair keyPair = newEd25519KeyPair();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = newBuilder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    subject, keyPair.getPublic(), validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keyPair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate.getPublicKey()));
            if (sans != null && sans.getNames().length > 0) {
                builder.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            return new IssuedCertificate(sign(builder, privateKey), keyPair.getPrivate());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue certificate for " + subject, e);
        }
    }

    private static X509v3CertificateBuilder newBuilder(X500Name issuer, X500Name subject, PublicKey publicKey,
            Duration validity) {
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(128, RANDOM);
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(now.minus(CLOCK_SKEW)),
                Date.from(now.plus(validity)), subject, publicKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("Ed25519").build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create Ed25519 signer", e);
        }
    }

    private static KeyPair newEd25519KeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[subject=" + certificate.getSubjectX500Principal() + ", privateKey=<redacted>]";
    }
}

package dev.tailtalos.config.domain;

import dev.tailtalos.common.talos.pki.CertificateAuthority;
import dev.tailtalos.common.talos.pki.Pem;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import java.security.Signature;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * A new Talos secrets bundle, as {@code talosctl gen secrets} / {@code talhelper gensecret} make one for the current
 * contract: ECDSA P-256 CAs for etcd (O=etcd), Kubernetes (O=kubernetes) and the aggregator (empty subject), an RSA-4096
 * service-account key (Talos > 1.6), an Ed25519 OS CA (O=talos), all CAs valid 87600 h; tokens and secrets in Talos's
 * formats. Values are base64 of the PEM text.
 */
public final class TalosSecretsGenerator {

    private static final Duration CA_VALIDITY = Duration.ofHours(87_600);
    private static final String TOKEN_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    private final SecureRandom random;

    public TalosSecretsGenerator() {
        this(new SecureRandom());
    }

    public TalosSecretsGenerator(SecureRandom random) {
        this.random = random;
    }

    public SecretsBundle generate() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("cluster.id", Base64.getUrlEncoder().encodeToString(bytes(32)));
        fields.put("cluster.secret", Base64.getEncoder().encodeToString(bytes(32)));
        fields.put("secrets.bootstraptoken", token(6) + "." + token(16));
        fields.put("secrets.secretboxencryptionsecret", Base64.getEncoder().encodeToString(bytes(32)));
        fields.put("trustdinfo.token", token(6) + "." + token(16));
        ecdsaCa(fields, "certs.etcd", name("etcd"));
        ecdsaCa(fields, "certs.k8s", name("kubernetes"));
        ecdsaCa(fields, "certs.k8saggregator", new X500Name(new org.bouncycastle.asn1.x500.RDN[0]));
        fields.put("certs.k8sserviceaccount.key", b64(pkcs1(rsaKeyPair().getPrivate())));
        CertificateAuthority os = CertificateAuthority.generateOsCa();
        fields.put("certs.os.crt", b64(os.certificatePem()));
        fields.put("certs.os.key", b64(os.privateKeyPem()));
        return SecretsBundle.of(fields);
    }

    private void ecdsaCa(Map<String, String> fields, String prefix, X500Name subject) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keyPair = generator.generateKeyPair();
            Instant now = Instant.now();
            Extensions extensions = new Extensions(new Extension[] {
                    new Extension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign).getEncoded()),
                    new Extension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}).getEncoded()),
                    new Extension(Extension.basicConstraints, true, new BasicConstraints(true).getEncoded()),
                    new Extension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils()
                            .createSubjectKeyIdentifier(keyPair.getPublic()).getEncoded())});
            // Built by hand: BouncyCastle's generator refuses the empty issuer Talos gives the aggregator CA.
            AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
            ASN1EncodableVector tbs = new ASN1EncodableVector();
            tbs.add(new DERTaggedObject(true, 0, new ASN1Integer(2)));
            tbs.add(new ASN1Integer(new BigInteger(127, random)));
            tbs.add(algorithm);
            tbs.add(subject);
            tbs.add(new DERSequence(new ASN1Encodable[] {new Time(Date.from(now)), new Time(Date.from(now.plus(CA_VALIDITY)))}));
            tbs.add(subject);
            tbs.add(SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()));
            tbs.add(new DERTaggedObject(true, 3, extensions));
            DERSequence tbsSequence = new DERSequence(tbs);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keyPair.getPrivate(), random);
            signer.update(tbsSequence.getEncoded("DER"));
            DERSequence certificate = new DERSequence(new ASN1Encodable[] {tbsSequence, algorithm,
                    new DERBitString(signer.sign())});
            // PEM written directly: the JDK's certificate parser also refuses an empty issuer.
            StringWriter pem = new StringWriter();
            try (PemWriter writer = new PemWriter(pem)) {
                writer.writeObject(new PemObject("CERTIFICATE", certificate.getEncoded("DER")));
            }
            fields.put(prefix + ".crt", b64(pem.toString()));
            fields.put(prefix + ".key", b64(Pem.encodePrivateKey(keyPair.getPrivate())));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the " + prefix + " CA", e);
        }
    }

    private KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(4096, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }

    /** {@code RSA PRIVATE KEY} (PKCS#1), the form Talos writes. */
    private static String pkcs1(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static X500Name name(String organization) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, organization).build();
    }

    private String token(int length) {
        StringBuilder token = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            token.append(TOKEN_ALPHABET.charAt(random.nextInt(TOKEN_ALPHABET.length())));
        }
        return token.toString();
    }

    private byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String b64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }
}

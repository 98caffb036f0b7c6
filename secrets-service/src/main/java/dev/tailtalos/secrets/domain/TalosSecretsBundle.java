package dev.tailtalos.secrets.domain;

import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Talos secrets bundle as custody fields, keyed like talsecret.yaml ("certs.os.key", "secrets.bootstraptoken", …);
 * certificate and key values are base64 of the PEM text, as machine configs carry them.
 */
public final class TalosSecretsBundle {
    public static final String CUSTODY_PATH = "talos/bundle";
    /** Every field a config sealed from the bundle may name, in talsecret.yaml order. */
    public static final List<String> FIELDS = List.of("cluster.id", "cluster.secret", "secrets.bootstraptoken",
            "secrets.secretboxencryptionsecret", "trustdinfo.token", "certs.etcd.crt", "certs.etcd.key",
            "certs.k8s.crt", "certs.k8s.key", "certs.k8saggregator.crt", "certs.k8saggregator.key",
            "certs.k8sserviceaccount.key", "certs.os.crt", "certs.os.key");
    private static final Duration CA_VALIDITY = Duration.ofHours(87_600);
    private static final SecureRandom RANDOM = new SecureRandom();

    private TalosSecretsBundle() {
    }

    /** How to put the whole bundle in custody: one field per talsecret.yaml value, never the file as one field. */
    public static String importHint() {
        return "import the bundle with: tailtalos secrets import-bundle talsecret.yaml (plain or SOPS-encrypted; one"
                + " custody field per value: " + String.join(", ", FIELDS) + ")";
    }

    /** A new bundle around the given OS (Talos API) CA; the Kubernetes, aggregator and etcd CAs are new ECDSA P-256 CAs. */
    public static Map<String, String> generate(String osCaCertPem, String osCaKeyPem) {
        Map<String, String> fields = new LinkedHashMap<>(SecretsBundleGenerator.randomFields());
        putCa(fields, "certs.etcd", ecdsaCa("etcd", null));
        putCa(fields, "certs.k8s", ecdsaCa("kubernetes", null));
        putCa(fields, "certs.k8saggregator", ecdsaCa(null, "front-proxy"));
        fields.put("certs.k8sserviceaccount.key", b64(pem(ecKeyPair().getPrivate())));
        fields.put("certs.os.crt", b64(osCaCertPem));
        fields.put("certs.os.key", b64(osCaKeyPem));
        return fields;
    }

    private static void putCa(Map<String, String> fields, String prefix, String[] certAndKey) {
        fields.put(prefix + ".crt", b64(certAndKey[0]));
        fields.put(prefix + ".key", b64(certAndKey[1]));
    }

    private static String[] ecdsaCa(String organization, String commonName) {
        try {
            KeyPair kp = ecKeyPair();
            X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
            if (organization != null) {
                name.addRDN(BCStyle.O, organization);
            }
            if (commonName != null) {
                name.addRDN(BCStyle.CN, commonName);
            }
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name.build(), new BigInteger(127, RANDOM),
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(CA_VALIDITY)), name.build(), kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
            return new String[]{pem(holder), pem(kp.getPrivate())};
        } catch (org.bouncycastle.operator.OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create an ECDSA CA: " + e.getClass().getSimpleName(), e);
        }
    }

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 unavailable", e);
        }
    }

    private static String pem(Object o) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    private static String b64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }
}

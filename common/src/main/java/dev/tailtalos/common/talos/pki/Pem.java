package dev.tailtalos.common.talos.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM encoding as Talos writes it: certificates as {@code CERTIFICATE}, Ed25519 keys as
 * {@code ED25519 PRIVATE KEY} holding PKCS#8 DER, EC keys as SEC1 {@code EC PRIVATE KEY}.
 * Keys are decoded into JDK key objects so that JSSE accepts them.
 */
public final class Pem {

    public static final String CERTIFICATE = "CERTIFICATE";
    public static final String ED25519_PRIVATE_KEY = "ED25519 PRIVATE KEY";
    public static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
    public static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
    public static final String PRIVATE_KEY = "PRIVATE KEY";

    private Pem() {
    }

    public static String encodeCertificate(X509Certificate certificate) {
        try {
            return encode(CERTIFICATE, certificate.getEncoded());
        } catch (CertificateException e) {
            throw new PemException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    public static String encodePrivateKey(PrivateKey key) {
        byte[] pkcs8 = key.getEncoded();
        if (pkcs8 == null) {
            throw new PemException("private key of type " + key.getAlgorithm() + " is not exportable");
        }
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        try {
            if (EdECObjectIdentifiers.id_Ed25519.equals(algorithm)) {
                return encode(ED25519_PRIVATE_KEY, pkcs8);
            }
            if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
                return encode(EC_PRIVATE_KEY, toSec1(info).getEncoded());
            }
        } catch (IOException e) {
            throw new PemException("cannot encode " + key.getAlgorithm() + " private key", e);
        }
        return encode(PRIVATE_KEY, pkcs8);
    }

    public static X509Certificate decodeCertificate(String pem) {
        List<X509Certificate> certificates = decodeCertificates(pem);
        if (certificates.isEmpty()) {
            throw new PemException("no CERTIFICATE block found");
        }
        return certificates.get(0);
    }

    public static List<X509Certificate> decodeCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (PemObject block : readBlocks(pem)) {
            if (CERTIFICATE.equals(block.getType())) {
                certificates.add(parseCertificate(block.getContent()));
            }
        }
        return certificates;
    }

    public static PrivateKey decodePrivateKey(String pem) {
        for (PemObject block : readBlocks(pem)) {
            switch (block.getType()) {
                case ED25519_PRIVATE_KEY:
                case PRIVATE_KEY:
                    return fromPkcs8(block.getContent());
                case EC_PRIVATE_KEY:
                    return fromSec1(block.getContent());
                case RSA_PRIVATE_KEY:
                    return fromPkcs1(block.getContent());
                default:
                    break;
            }
        }
        throw new PemException("no private key block (ED25519 PRIVATE KEY, PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY) found");
    }

    private static String encode(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** JDK PKCS#8 EC keys keep the curve only in the algorithm identifier; SEC1 needs it inside. */
    private static ECPrivateKey toSec1(PrivateKeyInfo info) throws IOException {
        ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
        ASN1Encodable curve = inner.getParametersObject() != null
                ? inner.getParametersObject()
                : info.getPrivateKeyAlgorithm().getParameters();
        return new ECPrivateKey(inner.getPrivateKey(), curve, inner.getPublicKey());
    }

    private static List<PemObject> readBlocks(String pem) {
        if (pem == null) {
            throw new PemException("PEM text is missing");
        }
        List<PemObject> blocks = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            for (PemObject block = reader.readPemObject(); block != null; block = reader.readPemObject()) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            throw new PemException("malformed PEM: " + e.getMessage(), e);
        }
        if (blocks.isEmpty()) {
            throw new PemException("no PEM block found");
        }
        return blocks;
    }

    private static X509Certificate parseCertificate(byte[] der) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new PemException("malformed certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey fromPkcs8(byte[] der) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
            String algorithm = jcaAlgorithm(info.getPrivateKeyAlgorithm().getAlgorithm());
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PemException("malformed PKCS#8 private key: " + e.getMessage(), e);
        }
    }

    private static PrivateKey fromSec1(byte[] der) {
        try {
            ECPrivateKey sec1 = ECPrivateKey.getInstance(der);
            AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject());
            return fromPkcs8(new PrivateKeyInfo(algorithm, sec1).getEncoded());
        } catch (IOException | RuntimeException e) {
            throw new PemException("malformed EC private key: " + e.getMessage(), e);
        }
    }

    private static PrivateKey fromPkcs1(byte[] der) {
        try {
            AlgorithmIdentifier algorithm = new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                    org.bouncycastle.asn1.DERNull.INSTANCE);
            return fromPkcs8(new PrivateKeyInfo(algorithm, org.bouncycastle.asn1.ASN1Primitive.fromByteArray(der)).getEncoded());
        } catch (IOException | RuntimeException e) {
            throw new PemException("malformed RSA private key: " + e.getMessage(), e);
        }
    }

    private static String jcaAlgorithm(ASN1ObjectIdentifier oid) {
        if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
            return "Ed25519";
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            return "EC";
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return "RSA";
        }
        throw new PemException("unsupported private key algorithm " + oid);
    }
}

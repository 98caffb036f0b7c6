package dev.tailtalos.cli.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailtalos.common.talos.pki.Pem;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.config.adapters.AgeSopsDecryptor;
import dev.tailtalos.config.domain.SecretsBundle;
import dev.tailtalos.secrets.domain.Custody;
import dev.tailtalos.secrets.domain.TalosSecretsBundle;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code secrets import-bundle talsecret.yaml}: a talhelper/Talos secrets bundle into custody ({@code talos/bundle}) in
 * one step, one custody field per value, as the sealer reads them. The file is read as {@code render} reads it
 * (SOPS-decrypted with SOPS_AGE_KEY_FILE / SOPS_AGE_KEY, env-substituted, unknown keys refused); every certificate and
 * key must decode as PEM of its kind before anything is written. No value is ever printed.
 */
@Command(name = "import-bundle", mixinStandardHelpOptions = true,
        description = {"Imports a talhelper/Talos secrets bundle (talsecret.yaml, plain or SOPS-encrypted) into custody",
                "as talos/bundle, one field per value, after checking every field and key type. Examples:",
                "  tailtalos secrets import-bundle talsecret.yaml --server http://127.0.0.1:8082 --token-file api.token",
                "  SOPS_AGE_KEY_FILE=keys.txt tailtalos secrets import-bundle talsecret.sops.yaml --keystore ks.enc --key-file ks.key"})
public class SecretsImportBundleCommand implements Callable<Integer> {
    private static final String LEGACY_AESCBC = "secrets.aescbcencryptionsecret";

    @Mixin
    SecretsTarget target;

    @Parameters(index = "0", paramLabel = "FILE", description = "talsecret.yaml or talsecret.sops.yaml")
    Path file;

    @Override
    public Integer call() {
        return CliErrors.run(this::execute);
    }

    private Integer execute() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        SecretsBundle bundle = SecretsBundle.parse(new Yaml(), file.toString(), text, System.getenv(),
                AgeSopsDecryptor.fromEnvironment(System.getenv(), new SopsVaultFromEnvironment()));
        Map<String, String> fields = fields(bundle);
        if (target.remote()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("path", TalosSecretsBundle.CUSTODY_PATH);
            body.put("fields", fields);
            JsonNode answer = new SecretsHttp(target.serverUrl(), target.bearerToken()).post("/api/v1/secrets/import", body);
            System.out.println("imported " + TalosSecretsBundle.CUSTODY_PATH + " version " + answer.path("version").asLong()
                    + " from " + file + " (" + fields.size() + " fields: " + String.join(", ", fields.keySet()) + ")");
            return 0;
        }
        Custody custody = target.openLocal();
        long version = custody.writeIfVersion(TalosSecretsBundle.CUSTODY_PATH, fields,
                custody.currentVersion(TalosSecretsBundle.CUSTODY_PATH));
        System.out.println("imported " + TalosSecretsBundle.CUSTODY_PATH + " version " + version + " from " + file + " ("
                + fields.size() + " fields: " + String.join(", ", fields.keySet()) + ")");
        return 0;
    }

    /** The sealer's fields, each checked; an old bundle's AES-CBC secret is kept when it has no secretbox secret. */
    static Map<String, String> fields(SecretsBundle bundle) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> wanted = new ArrayList<>(TalosSecretsBundle.FIELDS);
        if (!bundle.has("secrets.secretboxencryptionsecret")) {
            wanted.remove("secrets.secretboxencryptionsecret");
            if (bundle.has(LEGACY_AESCBC)) {
                wanted.add(LEGACY_AESCBC);
            } else {
                problems.add("secrets.secretboxencryptionsecret: missing (and no secrets.aescbcencryptionsecret either)");
            }
        }
        for (String field : wanted) {
            if (!bundle.has(field)) {
                problems.add(field + ": missing");
                continue;
            }
            String value = bundle.get(field).strip();
            String problem = check(field, value);
            if (problem != null) {
                problems.add(field + ": " + problem);
            }
            fields.put(field, value);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the secrets bundle is not usable, nothing imported: "
                    + String.join("; ", problems));
        }
        return fields;
    }

    private static String check(String field, String value) {
        if (!field.startsWith("certs.")) {
            return null;
        }
        String pem;
        try {
            pem = new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "not base64 (talsecret.yaml holds certificates and keys as base64 of their PEM text)";
        }
        try {
            if (field.endsWith(".crt")) {
                certificate(pem);
            } else {
                Pem.decodePrivateKey(pem);
            }
            return null;
        } catch (RuntimeException | java.io.IOException e) {
            return field.endsWith(".crt") ? "not a PEM certificate" : "not a PEM private key";
        }
    }

    /**
     * A DER X.509 certificate structure (tbsCertificate, signatureAlgorithm, signature). Checked at the ASN.1 level:
     * Talos's aggregator CA has an empty subject and issuer, which the JDK and BouncyCastle's parsers refuse.
     */
    private static void certificate(String pem) throws java.io.IOException {
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject block = reader.readPemObject();
            if (block == null || !block.getType().equals("CERTIFICATE")) {
                throw new java.io.IOException("no CERTIFICATE block");
            }
            if (!(ASN1Primitive.fromByteArray(block.getContent()) instanceof ASN1Sequence certificate)
                    || certificate.size() != 3 || !(certificate.getObjectAt(0) instanceof ASN1Sequence)) {
                throw new java.io.IOException("not an X.509 certificate structure");
            }
        }
    }
}

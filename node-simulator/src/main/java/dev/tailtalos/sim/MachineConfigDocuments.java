package dev.tailtalos.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The parts of an applied (multi-document) machine configuration the simulator cares about. */
record MachineConfigDocuments(String yaml, String sha256, List<String> certSans, Set<String> extensionServiceConfigs,
        JsonNode v1alpha1, Map<String, JsonNode> extensionServiceDocuments, List<JsonNode> documents) {

    static final String NO_V1ALPHA1 = "the applied machine configuration doesn't contain v1alpha1 config, "
            + "did you mean to patch the machine config instead?";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> V1ALPHA1_KEYS = Set.of("machine", "cluster", "debug", "persist");

    MachineConfigDocuments {
        certSans = List.copyOf(certSans);
        extensionServiceConfigs = Set.copyOf(extensionServiceConfigs);
        extensionServiceDocuments = Map.copyOf(extensionServiceDocuments);
        documents = List.copyOf(documents);
    }

    /** The environment list of the ExtensionServiceConfig with this name, as KEY=value strings. */
    List<String> extensionEnvironment(String name) {
        List<String> environment = new ArrayList<>();
        JsonNode document = extensionServiceDocuments.get(name);
        if (document != null) {
            document.path("environment").forEach(entry -> environment.add(entry.asText()));
        }
        return environment;
    }

    /** machine.network.hostname, or empty when the config leaves it to the node. */
    java.util.Optional<String> hostname() {
        String hostname = v1alpha1.path("machine").path("network").path("hostname").asText("");
        return hostname.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(hostname);
    }

    /** machine.ca.crt as PEM (the config carries it base64-encoded), or empty when missing or not base64. */
    java.util.Optional<String> osCaCertificatePem() {
        return decoded(v1alpha1.path("machine").path("ca").path("crt"));
    }

    /** machine.ca.key as PEM; workers get the certificate only (their API certificate comes from trustd). */
    java.util.Optional<String> osCaKeyPem() {
        return decoded(v1alpha1.path("machine").path("ca").path("key"));
    }

    /** machine.ca with its key, when the config carries both and they decode. */
    java.util.Optional<dev.tailtalos.common.talos.pki.CertificateAuthority> osCa() {
        try {
            return osCaCertificatePem().flatMap(crt -> osCaKeyPem().map(key ->
                    dev.tailtalos.common.talos.pki.CertificateAuthority.fromPem(crt, key)));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** machine.acceptedCAs[].crt as PEM: client certificates apid also accepts. */
    List<String> acceptedCaPems() {
        List<String> pems = new ArrayList<>();
        v1alpha1.path("machine").path("acceptedCAs").forEach(ca -> decoded(ca.path("crt")).ifPresent(pems::add));
        return pems;
    }

    private static java.util.Optional<String> decoded(JsonNode base64) {
        String text = base64.asText("").strip();
        if (text.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new String(java.util.Base64.getMimeDecoder().decode(text),
                    StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** machine.time.servers, in order. */
    List<String> timeServers() {
        List<String> servers = new ArrayList<>();
        v1alpha1.path("machine").path("time").path("servers").forEach(server -> servers.add(server.asText()));
        return servers;
    }

    /** @throws StatusRuntimeException INVALID_ARGUMENT as machined would answer */
    static MachineConfigDocuments parse(byte[] data) {
        List<JsonNode> documents = readDocuments(data);
        JsonNode v1alpha1 = null;
        Set<String> extensionServiceConfigs = new LinkedHashSet<>();
        Map<String, JsonNode> extensionServiceDocuments = new LinkedHashMap<>();
        for (JsonNode document : documents) {
            if (!document.isObject()) {
                throw invalid("failed to parse config: document is not a mapping");
            }
            if (!document.has("kind")) {
                if (!isV1alpha1(document)) {
                    throw invalid("failed to parse config: missing kind");
                }
                if (v1alpha1 != null) {
                    throw invalid("failed to parse config: duplicate v1alpha1 document");
                }
                v1alpha1 = document;
            } else if ("ExtensionServiceConfig".equals(document.path("kind").asText())) {
                String name = document.path("name").asText("");
                if (name.isEmpty()) {
                    throw invalid("1 error occurred:\n\t* name is required\n\n");
                }
                if (!extensionServiceConfigs.add(name)) {
                    throw invalid("failed to parse config: duplicate document: v1alpha1/ExtensionServiceConfig/" + name);
                }
                if (!document.has("environment") && !document.has("configFiles")) {
                    throw invalid("1 error occurred:\n\t* at least one of configFiles or environment must be "
                            + "specified\n\n");
                }
                extensionServiceDocuments.put(name, document);
            }
        }
        if (v1alpha1 == null) {
            throw invalid(NO_V1ALPHA1);
        }
        List<String> certSans = new ArrayList<>();
        v1alpha1.path("machine").path("certSANs").forEach(san -> certSans.add(san.asText()));
        return new MachineConfigDocuments(new String(data, StandardCharsets.UTF_8), sha256(data), certSans,
                extensionServiceConfigs, v1alpha1, extensionServiceDocuments, documents);
    }

    private static List<JsonNode> readDocuments(byte[] data) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(data)) {
            while (iterator.hasNextValue()) {
                JsonNode document = iterator.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw invalid("failed to parse config: " + e.getMessage().lines().findFirst().orElse("invalid YAML"));
        }
        return documents;
    }

    private static boolean isV1alpha1(JsonNode document) {
        if ("v1alpha1".equals(document.path("version").asText(null))
                || "v1alpha1".equals(document.path("apiVersion").asText(null))) {
            return true;
        }
        for (String key : V1ALPHA1_KEYS) {
            if (document.has(key)) {
                return true;
            }
        }
        return false;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}

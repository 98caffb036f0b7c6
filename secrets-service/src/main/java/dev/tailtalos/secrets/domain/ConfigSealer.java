package dev.tailtalos.secrets.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tailtalos.common.crypto.EnvelopeSealer;
import dev.tailtalos.common.crypto.SecretHmac;
import dev.tailtalos.common.crypto.Sha256;
import dev.tailtalos.common.yaml.ConfigDocuments;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.proto.events.v1.SealedBox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binds a rendered config's secret references from custody and seals the result; plaintext never leaves this class. */
public final class ConfigSealer {
    private static final Yaml YAML = new Yaml();
    private final Custody custody;
    private final EnvelopeSealer sealer;
    private final SecretHmac hmac;
    private final SopsDecryptor sops;

    public ConfigSealer(Custody custody, EnvelopeSealer sealer, SecretHmac hmac) {
        this(custody, sealer, hmac, SopsDecryptor.NONE);
    }

    public ConfigSealer(Custody custody, EnvelopeSealer sealer, SecretHmac hmac, SopsDecryptor sops) {
        this.custody = custody;
        this.sealer = sealer;
        this.hmac = hmac;
        this.sops = sops;
    }

    /**
     * One patch of the node's patch list, as config.rendered carries it (SOPS-encrypted ones still encrypted).
     *
     * @param batch      0 = node patches, 1 = global patches: a template is rendered against the config before its batch
     * @param goTemplate content still has to be rendered as a Go template (after decrypting)
     * @param inline     an inline patch of talconfig.yaml: no env substitution after templating
     * @param field      where talconfig.yaml lists it, for errors
     */
    public record PatchInput(int position, String source, String content, boolean sopsEncrypted, String digest,
                             int batch, boolean goTemplate, boolean inline, String field) {

        /** A patch applied as it is or, when encrypted, decrypted and env-substituted first. */
        public PatchInput(int position, String source, String content, boolean sopsEncrypted, String digest) {
            this(position, source, content, sopsEncrypted, digest, 0, false, false, "");
        }

        @Override
        public String toString() {
            return "PatchInput[" + position + ", " + source + (sopsEncrypted ? ", sops" : "")
                    + (goTemplate ? ", template" : "") + "]";
        }
    }

    /** One env file of the repo, as config.rendered carries it (SOPS-encrypted ones still encrypted). */
    public record EnvInput(String name, String content, boolean sopsEncrypted, String digest) {
        @Override
        public String toString() {
            return "EnvInput[" + name + (sopsEncrypted ? ", sops" : "") + "]";
        }
    }

    /** The sealed config, its digest, and HMACs of every secret bound (reference URI → HMAC). */
    public record Sealed(SealedBox box, String configDigest, int referencesBound, Map<String, String> secretHmacs) {
    }

    public Sealed seal(String rolloutId, String nodeId, String configTemplate) {
        return sealTemplate(rolloutId, nodeId, configTemplate, List.of());
    }

    /** The config template with its references bound, {@code sops-env://} ones from the repo's env files. */
    public Sealed sealTemplate(String rolloutId, String nodeId, String configTemplate, List<EnvInput> envFiles) {
        RepoEnv env = RepoEnv.load(envFiles, sops);
        return seal(rolloutId, nodeId, YAML.readAll("config template of " + nodeId, configTemplate), env,
                env.secretValues());
    }

    public Sealed seal(String rolloutId, String nodeId, String baseConfig, List<PatchInput> patches) {
        return seal(rolloutId, nodeId, baseConfig, patches, List.of());
    }

    public Sealed seal(String rolloutId, String nodeId, String baseConfig, List<PatchInput> patches,
                       List<EnvInput> envFiles) {
        return seal(rolloutId, nodeId, new RenderedParts(baseConfig, patches, List.of(), List.of()), envFiles);
    }

    /**
     * Builds the final config from {@code parts} in talhelper's order ({@link ConfigAssembly}: SOPS-encrypted files
     * decrypted, Go templates rendered and env substituted here with the repo env rebuilt from {@code envFiles},
     * DESIGN rule 7), binds its references and seals it. Any failure seals nothing.
     */
    public Sealed seal(String rolloutId, String nodeId, RenderedParts parts, List<EnvInput> envFiles) {
        RepoEnv env = RepoEnv.load(envFiles, sops);
        Map<String, String> decrypted = new LinkedHashMap<>(env.secretValues());
        List<ObjectNode> docs = new ConfigAssembly(YAML, sops, env, decrypted).build(nodeId, parts);
        return seal(rolloutId, nodeId, new ArrayList<>(docs), env, decrypted);
    }

    private Sealed seal(String rolloutId, String nodeId, List<JsonNode> docs, RepoEnv env,
                        Map<String, String> extraSecrets) {
        ReferenceBinder binder = new ReferenceBinder(custody);
        List<JsonNode> bound = new ArrayList<>();
        for (JsonNode doc : docs) {
            bound.add(bindTree(doc, binder, env, (doc instanceof ObjectNode o ? ConfigDocuments.label(o) : "document")
                    + ":"));
        }
        byte[] plaintext = YAML.write(bound).getBytes(StandardCharsets.UTF_8);
        String digest = Sha256.hex(plaintext);
        byte[] aad = aad(rolloutId, nodeId, digest);
        SealedBox box = sealer.seal(plaintext, aad);
        java.util.Arrays.fill(plaintext, (byte) 0);
        Map<String, String> hmacs = new LinkedHashMap<>();
        binder.boundValues().forEach((uri, value) -> hmacs.put(uri, hmac.of(value)));
        extraSecrets.forEach((name, value) -> hmacs.put(name, hmac.of(value)));
        return new Sealed(box, digest, binder.boundValues().size(), hmacs);
    }

    public static byte[] aad(String rolloutId, String nodeId, String digest) {
        return (rolloutId + "|" + nodeId + "|" + digest).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode bindTree(JsonNode node, ReferenceBinder binder, RepoEnv env, String path) {
        if (node.isTextual()) {
            String bound = env.bind(node.textValue(), path, text -> binder.bind(text, path));
            return bound.equals(node.textValue()) ? node : TextNode.valueOf(bound);
        }
        if (node.isObject()) {
            ObjectNode obj = (ObjectNode) node;
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(obj.properties());
            for (Map.Entry<String, JsonNode> f : fields) {
                obj.set(f.getKey(), bindTree(f.getValue(), binder, env, path + (path.endsWith(":") ? "" : ".") + f.getKey()));
            }
            return obj;
        }
        if (node.isArray()) {
            ArrayNode arr = (ArrayNode) node;
            for (int i = 0; i < arr.size(); i++) {
                arr.set(i, bindTree(arr.get(i), binder, env, path + "[" + i + "]"));
            }
            return arr;
        }
        return node;
    }
}

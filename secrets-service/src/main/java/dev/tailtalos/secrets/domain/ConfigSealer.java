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

    public ConfigSealer(Custody custody, EnvelopeSealer sealer, SecretHmac hmac) {
        this.custody = custody;
        this.sealer = sealer;
        this.hmac = hmac;
    }

    /** The sealed config, its digest, and HMACs of every secret bound (reference URI → HMAC). */
    public record Sealed(SealedBox box, String configDigest, int referencesBound, Map<String, String> secretHmacs) {
    }

    public Sealed seal(String rolloutId, String nodeId, String configTemplate) {
        ReferenceBinder binder = new ReferenceBinder(custody);
        List<JsonNode> docs = YAML.readAll("config template of " + nodeId, configTemplate);
        List<JsonNode> bound = new ArrayList<>();
        for (JsonNode doc : docs) {
            bound.add(bindTree(doc, binder, (doc instanceof ObjectNode o ? ConfigDocuments.label(o) : "document") + ":"));
        }
        byte[] plaintext = YAML.write(bound).getBytes(StandardCharsets.UTF_8);
        String digest = Sha256.hex(plaintext);
        byte[] aad = aad(rolloutId, nodeId, digest);
        SealedBox box = sealer.seal(plaintext, aad);
        java.util.Arrays.fill(plaintext, (byte) 0);
        Map<String, String> hmacs = new LinkedHashMap<>();
        binder.boundValues().forEach((uri, value) -> hmacs.put(uri, hmac.of(value)));
        return new Sealed(box, digest, hmacs.size(), hmacs);
    }

    public static byte[] aad(String rolloutId, String nodeId, String digest) {
        return (rolloutId + "|" + nodeId + "|" + digest).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode bindTree(JsonNode node, ReferenceBinder binder, String path) {
        if (node.isTextual()) {
            String bound = binder.bind(node.textValue(), path);
            return bound.equals(node.textValue()) ? node : TextNode.valueOf(bound);
        }
        if (node.isObject()) {
            ObjectNode obj = (ObjectNode) node;
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(obj.properties());
            for (Map.Entry<String, JsonNode> f : fields) {
                obj.set(f.getKey(), bindTree(f.getValue(), binder, path + (path.endsWith(":") ? "" : ".") + f.getKey()));
            }
            return obj;
        }
        if (node.isArray()) {
            ArrayNode arr = (ArrayNode) node;
            for (int i = 0; i < arr.size(); i++) {
                arr.set(i, bindTree(arr.get(i), binder, path + "[" + i + "]"));
            }
            return arr;
        }
        return node;
    }
}

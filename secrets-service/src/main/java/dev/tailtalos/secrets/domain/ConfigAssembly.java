package dev.tailtalos.secrets.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.crypto.Sha256;
import dev.tailtalos.common.gotemplate.Functions;
import dev.tailtalos.common.gotemplate.GoFunction;
import dev.tailtalos.common.gotemplate.GoStruct;
import dev.tailtalos.common.gotemplate.GoTemplate;
import dev.tailtalos.common.gotemplate.TalhelperData;
import dev.tailtalos.common.gotemplate.TemplateException;
import dev.tailtalos.common.yaml.ConfigPatch;
import dev.tailtalos.common.yaml.ConfigPatcher;
import dev.tailtalos.common.yaml.PatchException;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.common.yaml.YamlCommentStripper;
import dev.tailtalos.common.yaml.YamlException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Builds a node's final config from {@link RenderedParts} in talhelper's order (talhelper §0 step 11, §1.5): the
 * encrypted inline manifests into the base config, then every patch (decrypted → Go template against the config as
 * it was before the patch's batch → envsubst), then the extraManifests (decrypted → Go template against the config
 * after every patch, documents appended, no envsubst). Decrypted text is a secret: errors name the file, the
 * talconfig.yaml field and the line, never text or a template engine's reason (it can quote the data).
 */
final class ConfigAssembly {
    private final Yaml yaml;
    private ConfigPatcher patcher;
    private final SopsDecryptor sops;
    private final RepoEnv env;
    private final Map<String, GoFunction> sprig;
    private final Map<String, String> decrypted;

    /** @param decrypted receives each decrypted file's plaintext under {@code sops:<file>} (for audit HMACs) */
    ConfigAssembly(Yaml yaml, SopsDecryptor sops, RepoEnv env, Map<String, String> decrypted) {
        this.yaml = yaml;
        this.sops = sops;
        this.env = env;
        this.sprig = Functions.sprig(env.values());
        this.decrypted = decrypted;
    }

    List<ObjectNode> build(String nodeId, RenderedParts parts) {
        List<ObjectNode> docs = yaml.readObjects("base config of " + nodeId, parts.baseConfig());
        patcher = ConfigPatcher.forConfig(yaml, docs);
        for (RenderedParts.InlineManifest manifest : parts.inlineManifests()) {
            fillIn(docs, manifest);
        }
        docs = applyPatches(docs, parts.patches());
        return appendExtraManifests(docs, parts.extraManifests());
    }

    private void fillIn(List<ObjectNode> docs, RenderedParts.InlineManifest manifest) {
        String place = "inline manifest " + manifest.name() + " (" + manifest.source() + ", " + manifest.field() + ")";
        verify(place, manifest.content(), manifest.digest());
        JsonNode slot = docs.stream().filter(d -> !d.has("kind")).findFirst()
                .map(d -> d.path("cluster").path("inlineManifests").path(manifest.index())).orElse(null);
        if (slot == null || !slot.isObject() || !manifest.name().equals(slot.path("name").asText())) {
            throw new UnresolvedReferenceException(place + ": the base config has no inline manifest "
                    + manifest.name() + " at cluster.inlineManifests[" + manifest.index() + "]");
        }
        String text = decrypt(manifest.source(), manifest.content());
        if (!manifest.skipEnvsubst()) {
            try {
                text = new YamlCommentStripper(yaml.limits()).strip(text);
            } catch (IllegalArgumentException e) {
                throw new UnresolvedReferenceException("decrypted " + place + " is not valid YAML");
            }
            text = env.substitute("decrypted " + place, text);
        }
        ((ObjectNode) slot).put("contents", text);
    }

    private List<ObjectNode> applyPatches(List<ObjectNode> docs, List<ConfigSealer.PatchInput> patches) {
        List<ConfigSealer.PatchInput> ordered = patches.stream()
                .sorted(Comparator.comparingInt(ConfigSealer.PatchInput::position)).toList();
        GoStruct data = null;
        int batch = Integer.MIN_VALUE;
        for (ConfigSealer.PatchInput patch : ordered) {
            String place = describe(patch);
            verify(place, patch.content(), patch.digest());
            if (patch.batch() != batch) {
                batch = patch.batch();
                // talhelper renders every patch of one call against the config as it is before the first of them
                data = TalhelperData.of(docs);
            }
            if (!patch.sopsEncrypted() && !patch.goTemplate()) {
                docs = apply(docs, place, patch.source(), patch.content());
                continue;
            }
            String text = patch.sopsEncrypted() ? decrypt(patch.source(), patch.content()) : patch.content();
            if (patch.goTemplate()) {
                text = render(place, text, data, patch.sopsEncrypted());
                if (text.isBlank()) {
                    throw new UnresolvedReferenceException(place + " is empty after Go templating, which talhelper"
                            + " refuses too");
                }
            }
            if (!patch.inline()) {
                text = env.substitute(place, text);
            }
            docs = apply(docs, place, patch.source(), text);
        }
        return docs;
    }

    /** Patch errors can quote the config they apply to, which may hold decrypted values: only the place is named. */
    private List<ObjectNode> apply(List<ObjectNode> docs, String place, String source, String text) {
        try {
            ConfigPatch loaded = patcher.load(source, text);
            return patcher.apply(docs, loaded);
        } catch (PatchException | YamlException e) {
            throw new UnresolvedReferenceException(place + " cannot be applied"
                    + (e instanceof PatchException p && !p.path().isEmpty() ? " at " + p.path() : "")
                    + (e instanceof YamlException y && y.line() > 0 ? " (line " + y.line() + ")" : "")
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private List<ObjectNode> appendExtraManifests(List<ObjectNode> docs, List<RenderedParts.ExtraManifest> manifests) {
        if (manifests.isEmpty()) {
            return docs;
        }
        GoStruct data = TalhelperData.of(docs);
        List<ObjectNode> result = new ArrayList<>(docs);
        for (RenderedParts.ExtraManifest manifest : manifests.stream()
                .sorted(Comparator.comparingInt(RenderedParts.ExtraManifest::position)).toList()) {
            String place = (manifest.sopsEncrypted() ? "decrypted extraManifests file " : "extraManifests file ")
                    + manifest.source() + " (" + manifest.field() + ")";
            verify(place, manifest.content(), manifest.digest());
            String text = manifest.sopsEncrypted() ? decrypt(manifest.source(), manifest.content()) : manifest.content();
            String rendered = render(place, text, data, manifest.sopsEncrypted());
            try {
                result.addAll(yaml.readObjects(manifest.source(), rendered));
            } catch (YamlException e) {
                throw new UnresolvedReferenceException(place + " is not valid YAML after Go templating"
                        + (e.line() > 0 ? " (line " + e.line() + ")" : ""));
            }
        }
        return result;
    }

    private String render(String place, String text, GoStruct data, boolean secret) {
        try {
            return GoTemplate.parse(place, text, sprig).execute(data);
        } catch (RuntimeException e) {
            // any failure of the engine (not only TemplateException) may carry text of the template or its data
            int line = e instanceof TemplateException t ? t.line() : 0;
            throw new UnresolvedReferenceException(place + ": Go template fails" + (line > 0 ? " at line " + line : "")
                    + " (the reason is not shown: it can quote " + (secret ? "the decrypted file" : "the template data")
                    + "; `tailtalos render` with the age key shows it)");
        }
    }

    private String decrypt(String source, String content) {
        String plaintext = sops.decrypt(source, content);
        decrypted.put("sops:" + source, plaintext);
        return plaintext;
    }

    private static void verify(String place, String content, String digest) {
        String actual = Sha256.hex(content);
        if (!actual.equals(digest)) {
            throw new UnresolvedReferenceException(place + " does not match its digest " + abbreviate(digest)
                    + " (found " + abbreviate(actual) + "): it changed after rendering");
        }
    }

    private static String describe(ConfigSealer.PatchInput patch) {
        return (patch.sopsEncrypted() ? "decrypted SOPS patch " : "patch ") + patch.source() + " (position "
                + patch.position() + (patch.field().isEmpty() ? "" : ", " + patch.field()) + ")";
    }

    private static String abbreviate(String digest) {
        return digest == null || digest.length() < 12 ? String.valueOf(digest) : digest.substring(0, 12);
    }
}

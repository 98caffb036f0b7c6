package dev.tailtalos.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for the Image Factory: schematic ID to the extensions an installer image built from it carries.
 * Knows the vanilla schematic and the tailscale-only schematic; tests and the demo register more.
 */
public final class SchematicRegistry {

    public static final String VANILLA = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";
    public static final String TAILSCALE = "4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b";

    private static final Pattern FACTORY = Pattern.compile(
            "^factory\\.talos\\.dev/(?:[a-z0-9-]+-)?installer(?:-secureboot)?/([0-9a-f]{64}):(v[0-9][^\\s]*)$");
    private static final Pattern OFFICIAL = Pattern.compile("^ghcr\\.io/siderolabs/installer:(v[0-9][^\\s]*)$");

    /** What an installer image reference resolves to. */
    public record Image(String schematicId, String talosVersion, List<Extension> extensions) {
    }

    private final Map<String, List<Extension>> schematics = new ConcurrentHashMap<>();
    private final Map<String, String> schematicYaml = new ConcurrentHashMap<>();

    public SchematicRegistry() {
        register(VANILLA, List.of(), "customization: {}\n");
        register(TAILSCALE, List.of(Extension.TAILSCALE), "customization:\n    systemExtensions:\n"
                + "        officialExtensions:\n            - siderolabs/tailscale\n");
    }

    public SchematicRegistry register(String schematicId, List<Extension> extensions, String yaml) {
        schematics.put(schematicId, List.copyOf(extensions));
        schematicYaml.put(schematicId, yaml);
        return this;
    }

    public Optional<List<Extension>> extensions(String schematicId) {
        return Optional.ofNullable(schematics.get(schematicId));
    }

    public String yaml(String schematicId) {
        return schematicYaml.getOrDefault(schematicId, "");
    }

    /**
     * Resolves {@code factory.talos.dev/[<platform>-]installer[-secureboot]/<id>:<version>} or
     * {@code ghcr.io/siderolabs/installer:<version>} (no extensions).
     *
     * @throws IllegalArgumentException naming what is wrong with the reference
     */
    public Image resolve(String image) {
        Matcher factory = FACTORY.matcher(image);
        if (factory.matches()) {
            String id = factory.group(1);
            List<Extension> extensions = extensions(id).orElseThrow(() -> new IllegalArgumentException(
                    "schematic " + id + " not found in the image factory"));
            return new Image(id, factory.group(2), extensions);
        }
        Matcher official = OFFICIAL.matcher(image);
        if (official.matches()) {
            return new Image(null, official.group(1), List.of());
        }
        throw new IllegalArgumentException("unsupported installer image reference \"" + image
                + "\" (expected factory.talos.dev/installer/<schematic>:<version> or ghcr.io/siderolabs/installer:<version>)");
    }

    public static String factoryInstaller(String schematicId, String talosVersion) {
        return "factory.talos.dev/installer/" + schematicId + ":" + talosVersion;
    }
}

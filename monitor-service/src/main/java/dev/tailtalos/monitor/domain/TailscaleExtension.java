package dev.tailtalos.monitor.domain;

import dev.tailtalos.monitor.domain.HealthVerdict.Check;

import java.util.List;
import java.util.Optional;

/**
 * Whether the node's image carries the tailscale system extension, judged from its ExtensionStatuses (COSI
 * {@code runtime/ExtensionStatuses.runtime.talos.dev}); Image Factory images also list a {@code schematic} entry whose
 * version is the schematic ID.
 */
public final class TailscaleExtension {
    public static final String CHECK = "tailscale-extension";
    static final String NAME = "tailscale";
    static final String SCHEMATIC = "schematic";

    /** One ExtensionStatus: the layer's metadata name and version. */
    public record Installed(String name, String version) {
    }

    private TailscaleExtension() {
    }

    public static Check check(List<Installed> extensions) {
        Optional<String> schematic = extensions.stream().filter(e -> e.name().equals(SCHEMATIC))
                .map(Installed::version).findFirst();
        String image = schematic.map(id -> "schematic " + id).orElse("an image without a schematic (not from the Image Factory)");
        Optional<Installed> tailscale = extensions.stream()
                .filter(e -> e.name().equals(NAME) || e.name().endsWith("/" + NAME)).findFirst();
        if (tailscale.isPresent()) {
            return Check.pass(CHECK, "lan", "tailscale " + tailscale.get().version() + " installed (" + image + ")");
        }
        List<String> names = extensions.stream().map(Installed::name).filter(n -> !n.equals(SCHEMATIC)).toList();
        return Check.fail(CHECK, "lan", "the tailscale extension is not installed: the node runs " + image
                        + " with " + (names.isEmpty() ? "no extensions" : "extensions " + names),
                "add siderolabs/tailscale to the schematic's officialExtensions (tailtalos schematic), then upgrade the "
                        + "node to factory.talos.dev/installer/<new schematic ID>:<version>");
    }
}

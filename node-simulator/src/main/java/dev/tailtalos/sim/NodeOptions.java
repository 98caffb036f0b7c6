package dev.tailtalos.sim;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a simulated node starts: in maintenance mode (fresh, no config, insecure apply only) or installed; which
 * image it runs (schematic, hence extensions); how long a reboot keeps it off the network; the tailnet its
 * ext-tailscale joins; the Image Factory stand-in used by upgrades; the seed of its fault randomness.
 */
public record NodeOptions(boolean maintenance, String schematicId, Duration rebootDuration, TailnetControl tailnet,
        SchematicRegistry schematics, long seed) {

    public static final Duration DEFAULT_REBOOT_DURATION = Duration.ofSeconds(2);

    public NodeOptions {
        Objects.requireNonNull(schematicId, "schematicId");
        Objects.requireNonNull(rebootDuration, "rebootDuration");
        Objects.requireNonNull(tailnet, "tailnet");
        Objects.requireNonNull(schematics, "schematics");
        if (schematics.extensions(schematicId).isEmpty()) {
            throw new IllegalArgumentException("schematic " + schematicId + " is not in the schematic registry");
        }
    }

    /**
     * Installed (not in maintenance), booted from the tailscale-only schematic (so ext-tailscale exists), 2 s
     * reboots, a permissive in-process tailnet, seed 1.
     */
    public static NodeOptions defaults() {
        return new NodeOptions(false, SchematicRegistry.TAILSCALE, DEFAULT_REBOOT_DURATION,
                InProcessTailnet.permissive(), new SchematicRegistry(), 1L);
    }

    public NodeOptions withMaintenance(boolean value) {
        return new NodeOptions(value, schematicId, rebootDuration, tailnet, schematics, seed);
    }

    public NodeOptions withSchematic(String id) {
        return new NodeOptions(maintenance, id, rebootDuration, tailnet, schematics, seed);
    }

    /** Registers the extensions under a made-up schematic id in this registry and boots from it. */
    public NodeOptions withExtensions(List<Extension> extensions) {
        String id = Integer.toHexString(extensions.hashCode());
        String padded = ("0".repeat(64) + id).substring(id.length());
        schematics.register(padded, extensions, "");
        return withSchematic(padded);
    }

    public NodeOptions withRebootDuration(Duration value) {
        return new NodeOptions(maintenance, schematicId, value, tailnet, schematics, seed);
    }

    public NodeOptions withTailnet(TailnetControl value) {
        return new NodeOptions(maintenance, schematicId, rebootDuration, value, schematics, seed);
    }

    public NodeOptions withSchematics(SchematicRegistry value) {
        return new NodeOptions(maintenance, schematicId, rebootDuration, tailnet, value, seed);
    }

    public NodeOptions withSeed(long value) {
        return new NodeOptions(maintenance, schematicId, rebootDuration, tailnet, schematics, value);
    }
}

package dev.tailtalos.sim;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** A consistent snapshot of what the resources are built from; {@code cluster} is read lazily (other locks). */
record NodeView(NodeSpec spec, SimulatedNode.Stage stage, List<Extension> extensions, String schematicId, String schematicYaml,
        String configYaml, long configVersion, TailnetDevice tailnetDevice, Instant bootTime,
        MachineConfigDocuments config, List<String> servedSans, String talosVersion,
        Supplier<List<NodeView>> cluster) {

    /** machine.network.hostname of the applied config, else the simulator's hostname. */
    String hostname() {
        String configured = config == null ? "" : config.v1alpha1().path("machine").path("network")
                .path("hostname").asText("");
        return configured.isEmpty() ? spec.hostname() : configured;
    }

    /** machine.type as Talos spells it (worker, controlplane, init); "unknown" without a config. */
    String machineType() {
        return config == null ? "unknown" : config.v1alpha1().path("machine").path("type").asText("unknown");
    }

    boolean controlPlane() {
        return machineType().equals("controlplane") || machineType().equals("init");
    }

    String clusterName() {
        return config == null ? null : config.v1alpha1().path("cluster").path("clusterName").asText(null);
    }
}

package dev.tailtalos.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Talos' CanApplyImmediate: only the v1alpha1 document is compared, and changes confined to the listed paths
 * apply without a reboot; anything else in v1alpha1 needs one. Other documents always apply immediately.
 */
final class ImmediateChanges {

    private static final List<String> TOP = List.of("debug", "cluster");
    private static final List<String> MACHINE = List.of("ca", "acceptedCAs", "time", "certSANs", "install", "network",
            "sysfs", "sysctls", "logging", "controlPlane", "kubelet", "kernel", "registries", "pods", "seccompProfiles",
            "nodeAnnotations", "nodeLabels", "nodeTaints");
    private static final List<String> FEATURES = List.of("kubernetesTalosAPIAccess", "kubePrism", "hostDNS",
            "imageCache", "nodeAddressSortAlgorithm");

    private ImmediateChanges() {
    }

    /** Empty when the change applies without a reboot, else the reason (with the v1alpha1 diff). */
    static Optional<String> rebootReason(MachineConfigDocuments current, MachineConfigDocuments next) {
        if (current == null) {
            return Optional.empty();
        }
        if (stripped(current.v1alpha1()).equals(stripped(next.v1alpha1()))) {
            return Optional.empty();
        }
        return Optional.of("this config change can't be applied in immediate mode\ndiff:\n"
                + ConfigDiff.diff(current, next));
    }

    private static JsonNode stripped(JsonNode v1alpha1) {
        ObjectNode copy = v1alpha1.deepCopy();
        TOP.forEach(copy::remove);
        if (copy.get("machine") instanceof ObjectNode machine) {
            MACHINE.forEach(machine::remove);
            if (machine.get("features") instanceof ObjectNode features) {
                FEATURES.forEach(features::remove);
            }
        }
        return copy;
    }
}

package dev.tailtalos.sim;

import dev.tailtalos.common.talos.TalosResources;
import dev.tailtalos.proto.cosi.Resource;
import dev.tailtalos.proto.talos.resource.definitions.enums.RuntimeMachineStage;
import dev.tailtalos.proto.talos.resource.definitions.runtime.MachineStatusSpec;
import dev.tailtalos.proto.talos.resource.definitions.runtime.MachineStatusStatus;
import dev.tailtalos.proto.talos.resource.definitions.runtime.MountStatusSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How far the node booted: MachineStatus (stage, ready), MountStatuses of the system partitions on the install
 * disk (EPHEMERAL at /var, STATE at /system/state), and Diagnostics (none: a simulated node has nothing to warn
 * about).
 */
final class NodeBootResources {

    static final String MACHINE_STATUSES = "MachineStatuses.runtime.talos.dev";
    static final String MOUNT_STATUSES = "MountStatuses.runtime.talos.dev";
    static final String DIAGNOSTICS = "Diagnostics.runtime.talos.dev";

    /** Size of the simulated EPHEMERAL partition (a 100 GiB disk less the system partitions). */
    static final long EPHEMERAL_BYTES = 98L * 1024 * 1024 * 1024;

    private NodeBootResources() {
    }

    static List<Resource> machineStatus(NodeView node, Instant created) {
        RuntimeMachineStage stage = switch (node.stage()) {
            case MAINTENANCE -> RuntimeMachineStage.MACHINE_STAGE_MAINTENANCE;
            case RUNNING -> RuntimeMachineStage.MACHINE_STAGE_RUNNING;
            case REBOOTING -> RuntimeMachineStage.MACHINE_STAGE_REBOOTING;
            case DOWN -> RuntimeMachineStage.MACHINE_STAGE_BOOTING;
        };
        boolean ready = node.stage() == SimulatedNode.Stage.RUNNING;
        MachineStatusSpec spec = MachineStatusSpec.newBuilder().setStage(stage)
                .setStatus(MachineStatusStatus.newBuilder().setReady(ready)).build();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("ready", ready);
        status.put("unmetConditions", List.of());
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("stage", stage.name().substring("MACHINE_STAGE_".length()).toLowerCase(Locale.ROOT));
        yaml.put("status", status);
        return List.of(NodeResources.resource(TalosResources.RUNTIME_NAMESPACE, MACHINE_STATUSES, "machine", 3,
                "runtime.MachineStatusController", created, spec, NodeResources.yaml(yaml)));
    }

    static List<Resource> mountStatuses(NodeView node, Instant created) {
        if (node.config() == null) {
            return List.of();
        }
        return List.of(mount("EPHEMERAL", ephemeralDevice(node), "/var", created),
                mount("STATE", partition(installDisk(node), 5), "/system/state", created));
    }

    /** The EPHEMERAL partition's device: partition 6 of machine.install.disk. */
    static String ephemeralDevice(NodeView node) {
        return partition(installDisk(node), 6);
    }

    private static Resource mount(String id, String source, String target, Instant created) {
        MountStatusSpec spec = MountStatusSpec.newBuilder().setSource(source).setTarget(target)
                .setFilesystemType("xfs").addOptions("nodev").addOptions("nosuid").build();
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("source", source);
        yaml.put("target", target);
        yaml.put("filesystemType", "xfs");
        yaml.put("options", List.of("nodev", "nosuid"));
        yaml.put("encrypted", false);
        return NodeResources.resource(TalosResources.RUNTIME_NAMESPACE, MOUNT_STATUSES, id, 1,
                "block.MountStatusController", created, spec, NodeResources.yaml(yaml));
    }

    private static String installDisk(NodeView node) {
        String disk = node.config().v1alpha1().path("machine").path("install").path("disk").asText("");
        return disk.isEmpty() ? "/dev/sda" : disk;
    }

    private static String partition(String disk, int number) {
        return disk + (Character.isDigit(disk.charAt(disk.length() - 1)) ? "p" : "") + number;
    }
}

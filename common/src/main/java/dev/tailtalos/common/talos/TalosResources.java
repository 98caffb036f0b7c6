package dev.tailtalos.common.talos;

/** Namespaces and full type names of the COSI resources tailtalos reads (Talos v1.10). */
public final class TalosResources {

    public static final String META_NAMESPACE = "meta";
    public static final String RUNTIME_NAMESPACE = "runtime";
    public static final String CONFIG_NAMESPACE = "config";
    public static final String NETWORK_NAMESPACE = "network";

    public static final String RESOURCE_DEFINITIONS = "ResourceDefinitions.meta.cosi.dev";
    public static final String NAMESPACES = "Namespaces.meta.cosi.dev";
    public static final String EXTENSION_STATUSES = "ExtensionStatuses.runtime.talos.dev";
    public static final String EXTENSION_SERVICE_CONFIGS = "ExtensionServiceConfigs.runtime.talos.dev";
    public static final String MACHINE_CONFIGS = "MachineConfigs.config.talos.dev";
    public static final String ADDRESS_STATUSES = "AddressStatuses.net.talos.dev";

    /** Talos' type URL prefix for events (not type.googleapis.com). */
    public static final String EVENT_TYPE_PREFIX = "talos/runtime/";

    private TalosResources() {
    }
}

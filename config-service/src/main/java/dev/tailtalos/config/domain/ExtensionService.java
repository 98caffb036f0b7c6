package dev.tailtalos.config.domain;

import java.util.List;

/** talhelper {@code extensionServices[]} entry: becomes an ExtensionServiceConfig document. */
public record ExtensionService(String name, List<ConfigFile> configFiles, List<String> environment) {

    public ExtensionService {
        configFiles = Lists.copy(configFiles);
        environment = Lists.copy(environment);
    }

    public record ConfigFile(String content, String mountPath) {
    }
}

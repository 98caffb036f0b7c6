package dev.tailtalos.config.domain;

import java.util.List;

public record RenderedCluster(String clusterName, List<RenderedNode> nodes, List<ConfigProblem> warnings) {

    public RenderedCluster {
        nodes = List.copyOf(nodes);
        warnings = List.copyOf(warnings);
    }
}

package dev.tailtalos.monitor.domain;

/** Probes one node over the Talos API (port to the Talos client). */
public interface NodeProbe {
    HealthVerdict probe(String nodeId, String endpoint);
}

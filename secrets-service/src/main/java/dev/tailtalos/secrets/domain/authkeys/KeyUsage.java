package dev.tailtalos.secrets.domain.authkeys;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which nodes use which custody secret, learnt from the rendered configs secrets-service binds, and the cluster repo
 * of each rollout (from rollout.requested): what a rotation needs to roll the new key out.
 */
public final class KeyUsage {
    private final Map<String, Set<String>> nodesByPath = new ConcurrentHashMap<>();
    private final Map<String, String> repoByPath = new ConcurrentHashMap<>();
    private final Map<String, String> repoByRollout = new ConcurrentHashMap<>();
    // rollout.requested and config.rendered arrive on different listeners, in either order.
    private final Map<String, String> lastRolloutByPath = new ConcurrentHashMap<>();

    public void rolloutRequested(String rolloutId, String clusterRepo) {
        if (clusterRepo != null && !clusterRepo.isBlank()) {
            repoByRollout.put(rolloutId, clusterRepo);
        }
    }

    public void used(String custodyPath, String nodeId, String rolloutId) {
        nodesByPath.computeIfAbsent(custodyPath, p -> ConcurrentHashMap.newKeySet()).add(nodeId);
        lastRolloutByPath.put(custodyPath, rolloutId);
        String repo = repoByRollout.get(rolloutId);
        if (repo != null) {
            repoByPath.put(custodyPath, repo);
        }
    }

    public Set<String> nodes(String custodyPath) {
        return new TreeSet<>(nodesByPath.getOrDefault(custodyPath, Set.of()));
    }

    public String clusterRepo(String custodyPath) {
        String rollout = lastRolloutByPath.get(custodyPath);
        String repo = rollout == null ? null : repoByRollout.get(rollout);
        return repo != null ? repo : repoByPath.get(custodyPath);
    }
}

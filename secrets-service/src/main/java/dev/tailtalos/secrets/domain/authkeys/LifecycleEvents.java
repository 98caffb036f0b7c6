package dev.tailtalos.secrets.domain.authkeys;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** What the auth-key lifecycle tells the world (port): rollouts to request, alerts, audit entries. */
public interface LifecycleEvents {
    /** Publishes rollout.requested (requested_by secrets-service) for the nodes under the given rollout id. */
    void requestRollout(String rolloutId, String clusterRepo, Set<String> nodeIds, String reason);

    void alert(String kind, String custodyPath, String keyId, Instant expiresAt, String reason, String rolloutId);

    /** An audit entry; secretValues are turned into HMACs by the adapter, never written as they are. */
    void audit(String action, String custodyPath, String outcome, Map<String, String> details,
               Map<String, String> secretValues);
}

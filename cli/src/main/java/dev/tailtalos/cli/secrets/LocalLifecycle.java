package dev.tailtalos.cli.secrets;

import dev.tailtalos.secrets.adapters.tailscale.TailscaleApiClient;
import dev.tailtalos.secrets.domain.Custody;
import dev.tailtalos.secrets.domain.authkeys.AuthKeyLifecycle;
import dev.tailtalos.secrets.domain.authkeys.AuthKeyPolicy;
import dev.tailtalos.secrets.domain.authkeys.KeyUsage;
import dev.tailtalos.secrets.domain.authkeys.LifecycleEvents;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** The auth-key lifecycle on a local keystore, for the CLI: no Kafka, so no rollouts and no audit chain. */
final class LocalLifecycle {
    private LocalLifecycle() {
    }

    static AuthKeyLifecycle open(Custody custody, String apiUrl) {
        LifecycleEvents events = new LifecycleEvents() {
            @Override
            public void requestRollout(String rolloutId, String clusterRepo, Set<String> nodeIds, String reason) {
                throw new IllegalStateException("rotation needs a running secrets-service (--server): it rolls the new key out");
            }

            @Override
            public void alert(String kind, String path, String keyId, Instant expiresAt, String reason, String rolloutId) {
                System.err.println("alert " + kind + " " + path + ": " + reason);
            }

            @Override
            public void audit(String action, String path, String outcome, Map<String, String> details,
                              Map<String, String> secretValues) {
            }
        };
        return new AuthKeyLifecycle(custody, TailscaleApiClient.standard(apiUrl, Clock.systemUTC()), events,
                new KeyUsage(), AuthKeyPolicy.defaults(), Clock.systemUTC());
    }
}

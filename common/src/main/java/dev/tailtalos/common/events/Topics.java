package dev.tailtalos.common.events;

import java.util.List;

/** Kafka topic names: {@code tailtalos.<noun>.<verb>.v1}. */
public final class Topics {
    public static final String ROLLOUT_REQUESTED = "tailtalos.rollout.requested.v1";
    public static final String CONFIG_RENDERED = "tailtalos.config.rendered.v1";
    public static final String CONFIG_SEALED = "tailtalos.config.sealed.v1";
    public static final String NODE_APPLIED = "tailtalos.node.applied.v1";
    public static final String NODE_APPLY_FAILED = "tailtalos.node.apply-failed.v1";
    public static final String NODE_HEALTH = "tailtalos.node.health.v1";
    public static final String NODE_OBSERVED = "tailtalos.node.observed.v1";
    public static final String ROLLOUT_STATUS = "tailtalos.rollout.status.v1";
    public static final String AUDIT = "tailtalos.audit.v1";
    /** Operator commands to a rollout (pause, resume, abort, promote); key = rollout id. */
    public static final String ROLLOUT_CONTROL = "tailtalos.rollout.control.v1";
    /** secrets-service alerts (SecretAlert): expiring auth keys, rotations that cannot happen. */
    public static final String SECRET_ALERT = "tailtalos.secret.alert.v1";

    public static final List<String> ALL = List.of(ROLLOUT_REQUESTED, CONFIG_RENDERED, CONFIG_SEALED, NODE_APPLIED,
            NODE_APPLY_FAILED, NODE_HEALTH, NODE_OBSERVED, ROLLOUT_STATUS, AUDIT, ROLLOUT_CONTROL, SECRET_ALERT);

    private Topics() {
    }
}

package dev.tailtalos.common.audit;

import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.proto.events.v1.AuditRecord;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * A search over audit records: every given criterion must match (exact match on rollout, node, actor, producer; action
 * matches exactly or as a prefix ending in '*'); {@code from} is inclusive, {@code to} exclusive. Null means "any".
 */
public record AuditQuery(String rolloutId, String nodeId, String actor, String action, String producer, Instant from,
                         Instant to) implements Predicate<AuditRecord> {

    public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null, null, null);

    public AuditQuery {
        rolloutId = blankToNull(rolloutId);
        nodeId = blankToNull(nodeId);
        actor = blankToNull(actor);
        action = blankToNull(action);
        producer = blankToNull(producer);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("audit search: 'from' (" + from + ") must be before 'to' (" + to + ")");
        }
    }

    @Override
    public boolean test(AuditRecord r) {
        if (rolloutId != null && !rolloutId.equals(r.getRolloutId())) {
            return false;
        }
        if (nodeId != null && !nodeId.equals(r.getNodeId())) {
            return false;
        }
        if (actor != null && !actor.equals(r.getActor())) {
            return false;
        }
        if (producer != null && !producer.equals(r.getProducer())) {
            return false;
        }
        if (action != null && !(action.endsWith("*") ? r.getAction().startsWith(action.substring(0, action.length() - 1))
                : action.equals(r.getAction()))) {
            return false;
        }
        Instant at = EventEnvelopes.instant(r.getOccurredAt());
        return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

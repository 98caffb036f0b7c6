package dev.tailtalos.monitor.adapters.http;

import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.proto.events.v1.AuditRecord;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** An audit record as the JSON API shows it. */
public record AuditView(String producer, long sequence, Instant occurredAt, String actor, String action,
                        String rolloutId, String nodeId, String outcome, String eventId, Map<String, String> details,
                        Map<String, String> secretHmacs, String hash, String prevHash) {

    public static AuditView of(AuditRecord r) {
        return new AuditView(r.getProducer(), r.getSequence(), EventEnvelopes.instant(r.getOccurredAt()), r.getActor(),
                r.getAction(), r.getRolloutId(), r.getNodeId(), r.getOutcome(), r.getEventId(),
                new TreeMap<>(r.getDetailsMap()), new TreeMap<>(r.getSecretHmacsMap()), r.getHash(), r.getPrevHash());
    }
}

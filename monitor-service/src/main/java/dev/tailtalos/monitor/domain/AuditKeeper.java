package dev.tailtalos.monitor.domain;

import dev.tailtalos.common.audit.AuditChainVerifier;
import dev.tailtalos.common.audit.AuditQuery;
import dev.tailtalos.proto.events.v1.AuditRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The monitor's store of audit records, in arrival order (one producer's chain lives in one partition, so its records
 * arrive in order), with chain verification and search. Rebuilt from the audit topic at every start.
 */
public final class AuditKeeper {
    private final List<AuditRecord> records = new ArrayList<>();
    private AuditChainVerifier.Result verified;
    private int verifiedSize = -1;

    public synchronized void add(AuditRecord record) {
        records.add(record);
    }

    public synchronized List<AuditRecord> all() {
        return List.copyOf(records);
    }

    public synchronized List<AuditRecord> search(Predicate<AuditRecord> filter) {
        return records.stream().filter(filter).toList();
    }

    /** The last {@code limit} matches, in arrival order. */
    public synchronized List<AuditRecord> search(AuditQuery query, int limit) {
        List<AuditRecord> matches = records.stream().filter(query).toList();
        return matches.subList(Math.max(0, matches.size() - Math.max(0, limit)), matches.size());
    }

    /** Records from arrival position {@code from} on (for tailing), at most {@code limit}. */
    public synchronized List<AuditRecord> since(int from, int limit) {
        int start = Math.min(Math.max(0, from), records.size());
        return List.copyOf(records.subList(start, Math.min(records.size(), start + Math.max(0, limit))));
    }

    public synchronized int size() {
        return records.size();
    }

    public synchronized AuditChainVerifier.Result verify() {
        if (verifiedSize != records.size()) {
            verified = AuditChainVerifier.verify(records);
            verifiedSize = records.size();
        }
        return verified;
    }
}

package dev.tailtalos.monitor.domain;

import dev.tailtalos.common.audit.AuditChainVerifier;
import dev.tailtalos.proto.events.v1.AuditRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The monitor's store of audit records, in arrival order, with chain verification and search. */
public final class AuditKeeper {
    private final List<AuditRecord> records = new ArrayList<>();

    public synchronized void add(AuditRecord record) {
        records.add(record);
    }

    public synchronized List<AuditRecord> all() {
        return List.copyOf(records);
    }

    public synchronized List<AuditRecord> search(Predicate<AuditRecord> filter) {
        return records.stream().filter(filter).toList();
    }

    public synchronized int size() {
        return records.size();
    }

    public AuditChainVerifier.Result verify() {
        return AuditChainVerifier.verify(all());
    }
}

package dev.tailtalos.common.audit;

import com.google.protobuf.CodedOutputStream;
import dev.tailtalos.common.crypto.Sha256;
import dev.tailtalos.proto.events.v1.AuditRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The hash chain of one producer's audit records: sequence numbers from 1, each record naming its predecessor's hash. */
public final class AuditChain {
    private long sequence;
    private String lastHash;

    public AuditChain(long lastSequence, String lastHash) {
        this.sequence = lastSequence;
        this.lastHash = lastHash == null ? "" : lastHash;
    }

    public static AuditChain fresh() {
        return new AuditChain(0, "");
    }

    /** Links the record into the chain: sets sequence, prev_hash and hash. */
    public synchronized AuditRecord link(AuditRecord.Builder record) {
        AuditRecord linked = next(record);
        advance(linked);
        return linked;
    }

    /** The record as the chain's next link, without adding it yet (see {@link #advance}). */
    public synchronized AuditRecord next(AuditRecord.Builder record) {
        record.setSequence(sequence + 1).setPrevHash(lastHash).clearHash();
        return record.setHash(hashOf(record.build())).build();
    }

    /** Adds a record made by {@link #next} once it is written. */
    public synchronized void advance(AuditRecord linked) {
        if (linked.getSequence() != sequence + 1 || !linked.getPrevHash().equals(lastHash)) {
            throw new IllegalStateException("record " + linked.getProducer() + "#" + linked.getSequence()
                    + " is not the next link of this chain (at #" + sequence + ")");
        }
        sequence = linked.getSequence();
        lastHash = linked.getHash();
    }

    public synchronized long sequence() {
        return sequence;
    }

    /** Hex SHA-256 of the record's deterministic protobuf encoding with {@code hash} cleared. */
    public static String hashOf(AuditRecord record) {
        AuditRecord unhashed = record.toBuilder().clearHash().build();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream coded = CodedOutputStream.newInstance(out);
            coded.useDeterministicSerialization();
            unhashed.writeTo(coded);
            coded.flush();
            return Sha256.hex(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

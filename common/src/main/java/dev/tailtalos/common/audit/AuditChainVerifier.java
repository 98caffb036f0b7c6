package dev.tailtalos.common.audit;

import dev.tailtalos.proto.events.v1.AuditRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies audit chains: per producer, sequences must run 1, 2, 3… in order, each record's hash must match its
 * content, and each prev_hash must equal the previous record's hash. Reports the first broken link per producer.
 */
public final class AuditChainVerifier {

    public record ChainStatus(String producer, long records, boolean intact, String firstProblem, long brokenAtSequence,
                              long brokenAtPosition) {
    }

    public record Result(List<ChainStatus> chains, long records) {
        public boolean allIntact() {
            return chains.stream().allMatch(ChainStatus::intact);
        }

        public List<ChainStatus> broken() {
            return chains.stream().filter(c -> !c.intact()).toList();
        }
    }

    private static final class Cursor {
        long expectedSequence = 1;
        String expectedPrev = "";
        long count;
        String problem;
        long brokenSeq = -1;
        long brokenPos = -1;
    }

    /** @param records every record, in the order they were stored (positions are 0-based indexes in that order) */
    public static Result verify(List<AuditRecord> records) {
        Map<String, Cursor> cursors = new LinkedHashMap<>();
        long position = 0;
        for (AuditRecord r : records) {
            Cursor c = cursors.computeIfAbsent(r.getProducer(), p -> new Cursor());
            c.count++;
            if (c.problem == null) {
                String problem = check(r, c);
                if (problem != null) {
                    c.problem = problem;
                    c.brokenSeq = r.getSequence();
                    c.brokenPos = position;
                } else {
                    c.expectedSequence = r.getSequence() + 1;
                    c.expectedPrev = r.getHash();
                }
            }
            position++;
        }
        List<ChainStatus> chains = new ArrayList<>();
        cursors.forEach((producer, c) -> chains.add(new ChainStatus(producer, c.count, c.problem == null, c.problem,
                c.brokenSeq, c.brokenPos)));
        return new Result(chains, records.size());
    }

    private static String check(AuditRecord r, Cursor c) {
        String actual = AuditChain.hashOf(r);
        if (!actual.equals(r.getHash())) {
            return "record " + r.getProducer() + "#" + r.getSequence() + " was altered: its hash does not match its content";
        }
        if (r.getSequence() != c.expectedSequence) {
            return r.getSequence() < c.expectedSequence
                    ? "record " + r.getProducer() + "#" + r.getSequence() + " is out of order or repeated (expected #"
                    + c.expectedSequence + ")"
                    : "records " + r.getProducer() + "#" + c.expectedSequence + ".." + (r.getSequence() - 1)
                    + " are missing before #" + r.getSequence();
        }
        if (!r.getPrevHash().equals(c.expectedPrev)) {
            return "record " + r.getProducer() + "#" + r.getSequence() + " does not link to its predecessor (prev_hash mismatch)";
        }
        return null;
    }

    private AuditChainVerifier() {
    }
}

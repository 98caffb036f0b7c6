package dev.tailtalos.cli.audit;

import dev.tailtalos.common.audit.AuditJson;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.proto.events.v1.AuditRecord;

import java.io.PrintWriter;
import java.util.stream.Collectors;

/** Prints records for people (one aligned line each) or for scripts (JSON Lines, protobuf JSON mapping). */
final class AuditOutput {
    private AuditOutput() {
    }

    static void print(PrintWriter out, AuditRecord r, String format) {
        if ("json".equals(format)) {
            out.println(AuditJson.toJson(r));
        } else {
            String details = r.getDetailsMap().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
            out.printf("%s  %-22s %-16s %-18s %-14s %-8s %-10s %s%n", EventEnvelopes.instant(r.getOccurredAt()),
                    r.getProducer() + "#" + r.getSequence(), r.getActor(), r.getAction(), dash(r.getRolloutId()),
                    dash(r.getNodeId()), dash(r.getOutcome()), details);
        }
        out.flush();
    }

    private static String dash(String s) {
        return s.isEmpty() ? "-" : s;
    }
}

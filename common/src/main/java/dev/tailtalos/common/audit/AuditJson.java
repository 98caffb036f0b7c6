package dev.tailtalos.common.audit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.tailtalos.proto.events.v1.AuditRecord;

/** One audit record as one JSON line (protobuf JSON mapping); export files are {@link AuditExport}'s. */
public final class AuditJson {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private AuditJson() {
    }

    public static String toJson(AuditRecord record) {
        try {
            return PRINTER.print(record);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}

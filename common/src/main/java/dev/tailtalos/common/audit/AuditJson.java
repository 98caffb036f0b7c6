package dev.tailtalos.common.audit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.tailtalos.proto.events.v1.AuditRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Audit records as JSON Lines: one record per line, protobuf JSON mapping. */
public final class AuditJson {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private AuditJson() {
    }

    public static String toJson(AuditRecord record) {
        try {
            return PRINTER.print(record);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void export(List<AuditRecord> records, Path file) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (AuditRecord r : records) {
                w.write(toJson(r));
                w.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write audit export " + file, e);
        }
    }

    /** Reads an export; a line that is not a valid record fails with its file and line number. */
    public static List<AuditRecord> read(Path file) {
        List<AuditRecord> records = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty()) {
                    continue;
                }
                AuditRecord.Builder b = AuditRecord.newBuilder();
                try {
                    PARSER.merge(line, b);
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": not an audit record: " + e.getMessage(), e);
                }
                records.add(b.build());
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read audit export " + file, e);
        }
    }
}

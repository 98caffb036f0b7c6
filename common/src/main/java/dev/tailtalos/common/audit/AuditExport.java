package dev.tailtalos.common.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.files.PrivateFiles;
import dev.tailtalos.proto.events.v1.AuditChainHead;
import dev.tailtalos.proto.events.v1.AuditExportCheckpoint;
import dev.tailtalos.proto.events.v1.AuditRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The export file of {@code tailtalos audit export}: JSON Lines, one {@link AuditRecord} per line (protobuf JSON
 * mapping, as {@link AuditJson}), in canonical order (by producer, then sequence), closed by one checkpoint line
 * {@code {"checkpoint":{...}}} naming the record count and every chain's head. The canonical order makes any
 * reordering visible; the checkpoint makes truncation and records removed from a chain's end visible.
 */
public final class AuditExport {
    public static final String CHECKPOINT_FIELD = "checkpoint";
    public static final Comparator<AuditRecord> CANONICAL_ORDER = Comparator.comparing(AuditRecord::getProducer)
            .thenComparingLong(AuditRecord::getSequence);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private AuditExport() {
    }

    /** One line of an export file, as read: a record, a checkpoint, or a line that is neither. */
    public record Line(int number, String text, AuditRecord record, AuditExportCheckpoint checkpoint, String error) {
        public boolean isRecord() {
            return record != null;
        }

        public boolean isCheckpoint() {
            return checkpoint != null;
        }
    }

    /** Writes the records in canonical order, then the checkpoint line. */
    public static void write(List<AuditRecord> records, Writer out, Instant exportedAt) throws IOException {
        List<AuditRecord> sorted = new ArrayList<>(records);
        sorted.sort(CANONICAL_ORDER);
        for (AuditRecord r : sorted) {
            out.write(AuditJson.toJson(r));
            out.write('\n');
        }
        out.write(checkpointLine(checkpoint(sorted, exportedAt)));
        out.write('\n');
        out.flush();
    }

    /** Writes the export to {@code file} (mode 0600). */
    public static void write(List<AuditRecord> records, Path file, Instant exportedAt) {
        try (Writer w = PrivateFiles.newWriter(file)) {
            write(records, w, exportedAt);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write audit export " + file, e);
        }
    }

    public static AuditExportCheckpoint checkpoint(List<AuditRecord> records, Instant exportedAt) {
        Map<String, AuditRecord> heads = new LinkedHashMap<>();
        records.stream().sorted(CANONICAL_ORDER).forEach(r -> heads.put(r.getProducer(), r));
        AuditExportCheckpoint.Builder b = AuditExportCheckpoint.newBuilder().setRecords(records.size())
                .setExportedAt(EventEnvelopes.timestamp(exportedAt));
        heads.values().forEach(r -> b.addHeads(AuditChainHead.newBuilder().setProducer(r.getProducer())
                .setSequence(r.getSequence()).setHash(r.getHash())));
        return b.setDigest(digestOf(b.build())).build();
    }

    /** Hex SHA-256 of the checkpoint's deterministic protobuf encoding with {@code digest} cleared. */
    public static String digestOf(AuditExportCheckpoint checkpoint) {
        AuditExportCheckpoint undigested = checkpoint.toBuilder().clearDigest().build();
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            com.google.protobuf.CodedOutputStream coded = com.google.protobuf.CodedOutputStream.newInstance(out);
            coded.useDeterministicSerialization();
            undigested.writeTo(coded);
            coded.flush();
            return dev.tailtalos.common.crypto.Sha256.hex(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String checkpointLine(AuditExportCheckpoint checkpoint) {
        try {
            return "{\"" + CHECKPOINT_FIELD + "\":" + PRINTER.print(checkpoint) + "}";
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads every line; lines that are neither a record nor a checkpoint come back with an error, nothing is dropped. */
    public static List<Line> read(Path file) {
        try {
            List<String> texts = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<Line> lines = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                lines.add(parse(i + 1, texts.get(i)));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read audit export " + file, e);
        }
    }

    public static Line parse(int number, String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return new Line(number, text, null, null, "empty line");
        }
        JsonNode node;
        try {
            node = JSON.readTree(trimmed);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return new Line(number, text, null, null, "not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return new Line(number, text, null, null, "not a JSON object");
        }
        try {
            if (node.size() == 1 && node.has(CHECKPOINT_FIELD)) {
                AuditExportCheckpoint.Builder b = AuditExportCheckpoint.newBuilder();
                PARSER.merge(node.get(CHECKPOINT_FIELD).toString(), b);
                return new Line(number, text, null, b.build(), null);
            }
            AuditRecord.Builder b = AuditRecord.newBuilder();
            PARSER.merge(trimmed, b);
            return new Line(number, text, b.build(), null, null);
        } catch (InvalidProtocolBufferException e) {
            return new Line(number, text, null, null, "not an audit record: " + e.getMessage());
        }
    }
}

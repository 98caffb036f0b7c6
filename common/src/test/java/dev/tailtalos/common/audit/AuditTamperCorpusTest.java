package dev.tailtalos.common.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.audit.AuditFileVerifier.Kind;
import dev.tailtalos.common.audit.AuditFileVerifier.Problem;
import dev.tailtalos.common.audit.AuditFileVerifier.Report;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.proto.events.v1.AuditRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100 seeded random tamperings of one export (edits, deletions, insertions, reorderings): every one must be detected,
 * and the first problem must name the tampered line (or, for a deletion, the deleted record).
 */
class AuditTamperCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PRODUCERS = List.of("config-service", "secrets-service", "deployer-service",
            "monitor-service");

    @TempDir
    Path dir;

    enum Tamper { EDIT, DELETE, INSERT, REORDER }

    record Case(int index, Tamper tamper, String description, List<String> lines, Set<Integer> expectedLines,
                String expectedRecord) {
    }

    static List<AuditRecord> records(Random random) {
        Map<String, AuditChain> chains = new java.util.LinkedHashMap<>();
        PRODUCERS.forEach(p -> chains.put(p, AuditChain.fresh()));
        List<AuditRecord> out = new ArrayList<>();
        Instant t = Instant.parse("2026-11-02T10:00:00Z");
        String[] actions = {"config.rendered", "config.sealed", "node.applied", "node.health", "rollout.status"};
        for (int i = 0; i < 48; i++) {
            String producer = PRODUCERS.get(random.nextInt(PRODUCERS.size()));
            t = t.plusMillis(1 + random.nextInt(900));
            out.add(chains.get(producer).link(AuditRecord.newBuilder().setProducer(producer)
                    .setOccurredAt(EventEnvelopes.timestamp(t)).setActor(producer)
                    .setAction(actions[random.nextInt(actions.length)]).setRolloutId("ro-" + (1 + i / 20))
                    .setNodeId("k8s-" + (1 + random.nextInt(3))).setOutcome(random.nextBoolean() ? "OK" : "HEALTHY")
                    .setEventId("ev-" + i).putDetails("step", Integer.toString(i))));
        }
        return out;
    }

    @Test
    void anUntouchedExportVerifies() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditExport.write(records(new Random(7)), file, Instant.parse("2026-11-02T11:00:00Z"));
        Report report = AuditFileVerifier.verify(file);
        assertThat(report.problems()).isEmpty();
        assertThat(report.records()).isEqualTo(48);
    }

    @Test
    void everyTamperingIsDetectedAndLocated() throws Exception {
        Random random = new Random(20261102L);
        Path original = dir.resolve("original.jsonl");
        AuditExport.write(records(random), original, Instant.parse("2026-11-02T11:00:00Z"));
        List<String> lines = Files.readAllLines(original, StandardCharsets.UTF_8);
        assertThat(AuditFileVerifier.verify(original).intact()).isTrue();

        Map<Tamper, Integer> counts = new EnumMap<>(Tamper.class);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Tamper tamper = Tamper.values()[i % 4];
            Case c = tamper(i, tamper, lines, random);
            counts.merge(tamper, 1, Integer::sum);
            Path file = dir.resolve("tampered-" + i + ".jsonl");
            Files.write(file, c.lines(), StandardCharsets.UTF_8);
            Report report = AuditFileVerifier.verify(file);
            Problem first = report.firstProblem();
            if (first == null) {
                failures.add("#" + i + " " + c.description() + ": NOT DETECTED");
            } else if (c.expectedRecord() != null ? !first.record().equals(c.expectedRecord())
                    : first.lines().stream().noneMatch(c.expectedLines()::contains)) {
                failures.add("#" + i + " " + c.description() + ": located wrongly: " + first + " (expected "
                        + (c.expectedRecord() != null ? c.expectedRecord() : "line " + c.expectedLines()) + ")");
            }
        }
        assertThat(failures).as("tamperings not detected or not located").isEmpty();
        assertThat(counts).containsEntry(Tamper.EDIT, 25).containsEntry(Tamper.DELETE, 25)
                .containsEntry(Tamper.INSERT, 25).containsEntry(Tamper.REORDER, 25);
    }

    private Case tamper(int index, Tamper tamper, List<String> original, Random random) throws Exception {
        List<String> lines = new ArrayList<>(original);
        int n = lines.size();
        switch (tamper) {
            case EDIT -> {
                int at = random.nextInt(n);
                String before = lines.get(at);
                String after = edit(before, random);
                lines.set(at, after);
                return new Case(index, tamper, "edit line " + (at + 1) + ": " + after, lines, Set.of(at + 1), null);
            }
            case DELETE -> {
                int at = random.nextInt(n);
                String removed = lines.remove(at);
                String expected = at == n - 1 ? "checkpoint" : recordId(removed);
                return new Case(index, tamper, "delete line " + (at + 1), lines, Set.of(), expected);
            }
            case INSERT -> {
                AuditRecord source = AuditExport.parse(1, original.get(random.nextInt(n - 1))).record();
                int variant = random.nextInt(4);
                String inserted = switch (variant) {
                    case 0 -> AuditJson.toJson(source);
                    case 1 -> AuditJson.toJson(rehash(source.toBuilder().putDetails("forged", "yes")));
                    case 2 -> AuditJson.toJson(source.toBuilder().setOutcome("FORGED").build());
                    default -> AuditJson.toJson(extension(original, source.getProducer()));
                };
                int at = random.nextInt(n + 1);
                lines.add(at, inserted);
                Set<Integer> expected = new TreeSet<>();
                expected.add(at + 1);
                if (variant == 0) {
                    for (int j = 0; j < lines.size(); j++) {
                        if (lines.get(j).equals(inserted)) {
                            expected.add(j + 1);
                        }
                    }
                }
                String[] kinds = {"verbatim copy", "forged copy (rehashed)", "altered copy", "forged chain extension"};
                return new Case(index, tamper, "insert " + kinds[variant] + " of " + source.getProducer() + "#"
                        + source.getSequence() + " at line " + (at + 1), lines, expected, null);
            }
            default -> {
                int a = random.nextInt(n);
                int b = random.nextInt(n - 1);
                if (b >= a) {
                    b++;
                }
                String la = lines.get(a);
                lines.set(a, lines.get(b));
                lines.set(b, la);
                int first = Math.min(a, b) + 1;
                return new Case(index, tamper, "swap lines " + (a + 1) + " and " + (b + 1), lines, Set.of(first), null);
            }
        }
    }

    private static String recordId(String line) {
        AuditRecord r = AuditExport.parse(1, line).record();
        return r.getProducer() + "#" + r.getSequence();
    }

    private static AuditRecord rehash(AuditRecord.Builder b) {
        AuditRecord unhashed = b.clearHash().build();
        return unhashed.toBuilder().setHash(AuditChain.hashOf(unhashed)).build();
    }

    /** A record an attacker appends to a chain: the right sequence, linked to the head, correctly hashed. */
    private static AuditRecord extension(List<String> lines, String producer) {
        AuditRecord head = null;
        for (String l : lines) {
            AuditRecord r = AuditExport.parse(1, l).record();
            if (r != null && r.getProducer().equals(producer)) {
                head = r;
            }
        }
        return rehash(head.toBuilder().setSequence(head.getSequence() + 1).setPrevHash(head.getHash())
                .setAction("node.applied").setOutcome("OK").putDetails("forged", "yes"));
    }

    /** Changes one value of a record or of the checkpoint, keeping the line valid JSON. */
    private static String edit(String line, Random random) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(line);
        if (node.has("checkpoint")) {
            ObjectNode cp = (ObjectNode) node.get("checkpoint");
            ObjectNode head = (ObjectNode) cp.get("heads").get(random.nextInt(cp.get("heads").size()));
            switch (random.nextInt(5)) {
                case 0 -> cp.put("records", Long.toString(Long.parseLong(cp.get("records").asText()) + 1));
                case 1 -> head.put("sequence", Long.toString(Long.parseLong(head.get("sequence").asText()) - 1));
                case 2 -> head.put("hash", flip(head.get("hash").asText()));
                case 3 -> cp.put("exportedAt", Instant.parse(cp.get("exportedAt").asText()).plusSeconds(60).toString());
                default -> cp.put("digest", flip(cp.get("digest").asText()));
            }
            return JSON.writeValueAsString(node);
        }
        switch (random.nextInt(8)) {
            case 0 -> node.put("outcome", "FAILED");
            case 1 -> node.put("actor", "mallory");
            case 2 -> node.put("nodeId", "k8s-9");
            case 3 -> ((ObjectNode) node.get("details")).put("step", "999");
            case 4 -> node.put("sequence", Long.toString(Long.parseLong(node.get("sequence").asText()) + 1));
            case 5 -> node.put("hash", flip(node.get("hash").asText()));
            case 6 -> node.put("occurredAt", Instant.parse(node.get("occurredAt").asText()).minusSeconds(3600).toString());
            default -> node.put("action", "config.deleted");
        }
        return JSON.writeValueAsString(node);
    }

    private static String flip(String hex) {
        char c = hex.charAt(10);
        return hex.substring(0, 10) + (c == '0' ? '1' : '0') + hex.substring(11);
    }

    @Test
    void aRecordDroppedFromTheEndOfAChainIsNamed() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        List<AuditRecord> records = records(new Random(3));
        AuditExport.write(records, file, Instant.now());
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String last = lines.remove(lines.size() - 2);
        Files.write(file, lines);
        Problem first = AuditFileVerifier.verify(file).firstProblem();
        assertThat(first.kind()).isEqualTo(Kind.MISSING);
        assertThat(first.record()).isEqualTo(recordId(last));
        assertThat(first.line()).isEqualTo(lines.size());
    }
}

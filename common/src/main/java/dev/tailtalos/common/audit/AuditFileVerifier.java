package dev.tailtalos.common.audit;

import dev.tailtalos.common.audit.AuditExport.Line;
import dev.tailtalos.proto.events.v1.AuditChainHead;
import dev.tailtalos.proto.events.v1.AuditExportCheckpoint;
import dev.tailtalos.proto.events.v1.AuditRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks an audit export ({@link AuditExport}) offline and names the first bad record. In turn: every line must parse
 * and every record's hash must match its content (edits); no two records may claim one producer#sequence (insertions;
 * the copy the chain links to is kept); records must be in canonical order (reordering; lines that no longest ordered
 * subsequence can keep are blamed); each producer's chain must run 1, 2, 3… with each prev_hash naming its
 * predecessor (deletions); and the closing checkpoint must be intact and name each chain's head (truncation).
 */
public final class AuditFileVerifier {

    /**
     * {@code SECOND_WRITER}: two intact records claim one producer#sequence and each links to a genuine predecessor
     * (or a record continues such a branch): two instances of a service wrote one chain. Not an edit of the file, but
     * the chain is forked all the same.
     */
    public enum Kind { UNREADABLE, ALTERED, DUPLICATE, SECOND_WRITER, OUT_OF_ORDER, MISSING, UNLINKED, EXTRA, CHECKPOINT }

    /**
     * @param line  1-based line the problem is reported at (lines + 1 for "after the end")
     * @param lines every line involved, {@code line} first
     * @param record the record concerned, "producer#sequence" (a range for several missing ones), or "checkpoint"
     */
    public record Problem(int line, List<Integer> lines, String record, Kind kind, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + record + ": " + message;
        }
    }

    public record Report(Path file, int lines, int records, List<Problem> problems) {
        public boolean intact() {
            return problems.isEmpty();
        }

        /** Broken only because a second writer forked a chain: no record was edited, removed, reordered or forged. */
        public boolean onlySecondWriters() {
            return !problems.isEmpty() && problems.stream().allMatch(p -> p.kind() == Kind.SECOND_WRITER);
        }

        public Problem firstProblem() {
            return problems.isEmpty() ? null : problems.get(0);
        }
    }

    private record Entry(Line line, AuditRecord record) {
        int number() {
            return line.number();
        }

        String id() {
            return id(record.getProducer(), record.getSequence());
        }

        static String id(String producer, long sequence) {
            return producer + "#" + sequence;
        }
    }

    private static final Comparator<AuditRecord> ORDER = AuditExport.CANONICAL_ORDER;

    public static Report verify(Path file) {
        List<Line> lines = AuditExport.read(file);
        return verify(file, lines);
    }

    public static Report verify(Path file, List<Line> lines) {
        List<Problem> problems = new ArrayList<>();
        int end = lines.size() + 1;

        // The checkpoint: the last line, exactly once, intact.
        Line checkpointLine = null;
        for (Line l : lines) {
            if (l.isCheckpoint()) {
                if (l.number() != lines.size()) {
                    problems.add(problem(l.number(), "checkpoint", Kind.CHECKPOINT, "the checkpoint must be the last line"
                            + " (it is line " + l.number() + " of " + lines.size() + ")"));
                }
                checkpointLine = l;
            }
        }
        AuditExportCheckpoint checkpoint = checkpointLine == null ? null : checkpointLine.checkpoint();
        if (checkpoint == null) {
            problems.add(problem(end, "checkpoint", Kind.CHECKPOINT,
                    "no checkpoint line: the file was truncated or its checkpoint removed"));
        } else if (!AuditExport.digestOf(checkpoint).equals(checkpoint.getDigest())) {
            problems.add(problem(checkpointLine.number(), "checkpoint", Kind.CHECKPOINT,
                    "the checkpoint was altered: its digest does not match its content"));
            checkpoint = null;
        }

        // 1. Every line parses; every record's hash matches its content.
        List<Entry> intact = new ArrayList<>();
        Set<String> claimedByAltered = new HashSet<>();
        int recordLines = 0;
        for (Line l : lines) {
            if (l.isCheckpoint()) {
                continue;
            }
            recordLines++;
            if (!l.isRecord()) {
                problems.add(problem(l.number(), "line " + l.number(), Kind.UNREADABLE, l.error()));
                continue;
            }
            AuditRecord r = l.record();
            if (!AuditChain.hashOf(r).equals(r.getHash())) {
                problems.add(problem(l.number(), Entry.id(r.getProducer(), r.getSequence()), Kind.ALTERED,
                        "record was altered: its hash does not match its content"));
                claimedByAltered.add(Entry.id(r.getProducer(), r.getSequence()));
                continue;
            }
            intact.add(new Entry(l, r));
        }

        // 2. One record per producer#sequence: keep the one its chain links to.
        Map<String, List<Entry>> byId = new LinkedHashMap<>();
        intact.forEach(e -> byId.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e));
        Map<String, String> headHashes = new HashMap<>();
        Map<String, Long> headSequences = new HashMap<>();
        if (checkpoint != null) {
            for (AuditChainHead h : checkpoint.getHeadsList()) {
                headHashes.put(Entry.id(h.getProducer(), h.getSequence()), h.getHash());
                headSequences.put(h.getProducer(), h.getSequence());
            }
        }
        Set<Entry> rejected = new HashSet<>();
        for (Map.Entry<String, List<Entry>> group : byId.entrySet()) {
            List<Entry> members = group.getValue();
            if (members.size() < 2) {
                continue;
            }
            AuditRecord any = members.get(0).record();
            Set<String> linkedHashes = new HashSet<>();
            List<Entry> successors = byId.getOrDefault(Entry.id(any.getProducer(), any.getSequence() + 1), List.of());
            successors.forEach(s -> linkedHashes.add(s.record().getPrevHash()));
            if (headHashes.containsKey(group.getKey())) {
                linkedHashes.add(headHashes.get(group.getKey()));
            }
            List<Entry> candidates = members.stream().filter(m -> linkedHashes.contains(m.record().getHash())).toList();
            if (candidates.isEmpty()) {
                candidates = members;
            }
            Entry genuine = candidates.stream().filter(c -> fitsOrder(c, intact, members)).findFirst()
                    .orElse(candidates.get(0));
            for (Entry m : members) {
                if (m != genuine) {
                    rejected.add(m);
                    boolean copy = m.record().equals(genuine.record());
                    boolean branch = !copy && linksToPredecessor(m.record(), byId);
                    problems.add(new Problem(m.number(), List.of(m.number(), genuine.number()), m.id(),
                            branch ? Kind.SECOND_WRITER : Kind.DUPLICATE,
                            copy ? "record is repeated (the same record is at line " + genuine.number() + ")"
                                    : branch ? "a second writer: another intact record claims " + m.id() + " (line "
                                    + genuine.number() + ") and both link to the chain, so two instances of "
                                    + m.record().getProducer() + " wrote it at once (a fork, not an edit)"
                                    : "a second, different record claims " + m.id() + "; the chain links to the one at line "
                                    + genuine.number()));
                }
            }
        }
        List<Entry> unique = intact.stream().filter(e -> !rejected.contains(e)).toList();

        // 3. Canonical order: blame what no longest ordered subsequence can keep.
        List<Entry> ordered = new ArrayList<>();
        Set<Entry> misplaced = new HashSet<>();
        for (List<Entry> group : outOfOrder(unique)) {
            misplaced.addAll(group);
            Entry first = group.get(0);
            List<Integer> involved = group.stream().map(Entry::number).toList();
            String detail = group.size() == 1
                    ? "record is out of place (exports are ordered by producer, then sequence)"
                    : "records at lines " + involved + " (" + String.join(", ", group.stream().map(Entry::id).toList())
                    + ") are in the wrong order (exports are ordered by producer, then sequence)";
            problems.add(new Problem(first.number(), involved, first.id(), Kind.OUT_OF_ORDER, detail));
        }
        unique.stream().filter(e -> !misplaced.contains(e)).forEach(ordered::add);

        // 4. Chains: sequences without gaps, each linking to its predecessor.
        Map<String, Entry> last = new LinkedHashMap<>();
        for (Entry e : ordered) {
            AuditRecord r = e.record();
            Entry prev = last.get(r.getProducer());
            long expected = prev == null ? 1 : prev.record().getSequence() + 1;
            if (r.getSequence() > expected) {
                missing(problems, e.number(), r.getProducer(), expected, r.getSequence() - 1, claimedByAltered,
                        e.id() + " (line " + e.number() + ") follows "
                                + (prev == null ? "nothing" : prev.id() + " (line " + prev.number() + ")"));
            } else if (r.getSequence() < expected) {
                problems.add(problem(e.number(), e.id(), Kind.OUT_OF_ORDER, "record comes after " + prev.id()));
            } else {
                String expectedPrev = prev == null ? "" : prev.record().getHash();
                if (!r.getPrevHash().equals(expectedPrev) && continuesBranch(r, rejected)) {
                    problems.add(problem(e.number(), e.id(), Kind.SECOND_WRITER, "a second writer: record continues the"
                            + " branch of " + Entry.id(r.getProducer(), r.getSequence() - 1) + " that another instance of "
                            + r.getProducer() + " wrote, not " + (prev == null ? "the start" : prev.id() + " (line "
                            + prev.number() + ")")));
                } else if (!r.getPrevHash().equals(expectedPrev)) {
                    problems.add(problem(e.number(), e.id(), Kind.UNLINKED, "record does not link to "
                            + (prev == null ? "the start of its chain" : prev.id() + " (line " + prev.number() + ")")
                            + ": prev_hash differs"));
                }
            }
            last.put(r.getProducer(), e);
        }

        // 5. The checkpoint names every chain's head and the record count.
        if (checkpoint != null) {
            int at = checkpointLine.number();
            for (AuditChainHead h : checkpoint.getHeadsList()) {
                Entry tail = last.get(h.getProducer());
                long tailSeq = tail == null ? 0 : tail.record().getSequence();
                Entry atHead = ordered.stream().filter(e -> e.record().getProducer().equals(h.getProducer())
                        && e.record().getSequence() == h.getSequence()).findFirst().orElse(null);
                if (atHead != null && !atHead.record().getHash().equals(h.getHash())) {
                    problems.add(problem(at, "checkpoint", Kind.CHECKPOINT, "the checkpoint's head of " + h.getProducer()
                            + " does not match record " + atHead.id() + " (line " + atHead.number() + ")"));
                } else if (tailSeq < h.getSequence()) {
                    missing(problems, at, h.getProducer(), tailSeq + 1, h.getSequence(), claimedByAltered,
                            "the checkpoint names " + Entry.id(h.getProducer(), h.getSequence()) + " as the chain's head");
                } else if (tailSeq > h.getSequence()) {
                    Entry beyond = ordered.stream().filter(e -> e.record().getProducer().equals(h.getProducer())
                            && e.record().getSequence() > h.getSequence()).findFirst().orElseThrow();
                    problems.add(problem(beyond.number(), beyond.id(), Kind.EXTRA, "record lies beyond the chain's head "
                            + Entry.id(h.getProducer(), h.getSequence()) + " named by the checkpoint"));
                }
            }
            for (Entry e : last.values()) {
                if (!headSequences.containsKey(e.record().getProducer())) {
                    Entry firstOfProducer = ordered.stream().filter(o -> o.record().getProducer()
                            .equals(e.record().getProducer())).findFirst().orElseThrow();
                    problems.add(problem(firstOfProducer.number(), firstOfProducer.id(), Kind.EXTRA,
                            "producer " + e.record().getProducer() + " is not in the checkpoint"));
                }
            }
            if (checkpoint.getRecords() != recordLines) {
                problems.add(problem(at, "checkpoint", Kind.CHECKPOINT, "the checkpoint counts "
                        + checkpoint.getRecords() + " records, the file holds " + recordLines));
            }
        }

        problems.sort(Comparator.comparingInt(Problem::line).thenComparing(Problem::kind));
        return new Report(file, lines.size(), recordLines, List.copyOf(problems));
    }

    private static void missing(List<Problem> problems, int line, String producer, long from, long to,
                                Set<String> claimedByAltered, String context) {
        List<Long> absent = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            if (!claimedByAltered.contains(Entry.id(producer, s))) {
                absent.add(s);
            }
        }
        if (absent.isEmpty()) {
            return;
        }
        String which = absent.size() == 1 ? Entry.id(producer, absent.get(0))
                : Entry.id(producer, absent.get(0)) + ".." + absent.get(absent.size() - 1);
        problems.add(problem(line, which, Kind.MISSING, (absent.size() == 1 ? "record is missing: " : "records are missing: ")
                + context));
    }

    /** Whether an intact record links to some intact record one sequence before it (or starts its chain). */
    private static boolean linksToPredecessor(AuditRecord r, Map<String, List<Entry>> byId) {
        if (r.getSequence() == 1) {
            return r.getPrevHash().isEmpty();
        }
        return byId.getOrDefault(Entry.id(r.getProducer(), r.getSequence() - 1), List.of()).stream()
                .anyMatch(p -> p.record().getHash().equals(r.getPrevHash()));
    }

    /** Whether the record links to a record set aside as a second writer's copy of its predecessor. */
    private static boolean continuesBranch(AuditRecord r, Set<Entry> rejected) {
        return rejected.stream().anyMatch(x -> x.record().getProducer().equals(r.getProducer())
                && x.record().getSequence() == r.getSequence() - 1 && x.record().getHash().equals(r.getPrevHash()));
    }

    private static Problem problem(int line, String record, Kind kind, String message) {
        return new Problem(line, List.of(line), record, kind, message);
    }

    /** Whether the entry sits strictly between its nearest neighbours (outside its own group) in canonical order. */
    private static boolean fitsOrder(Entry candidate, List<Entry> all, List<Entry> group) {
        int i = all.indexOf(candidate);
        Entry before = null;
        for (int j = i - 1; j >= 0 && before == null; j--) {
            if (!group.contains(all.get(j))) {
                before = all.get(j);
            }
        }
        Entry after = null;
        for (int j = i + 1; j < all.size() && after == null; j++) {
            if (!group.contains(all.get(j))) {
                after = all.get(j);
            }
        }
        return (before == null || ORDER.compare(before.record(), candidate.record()) < 0)
                && (after == null || ORDER.compare(candidate.record(), after.record()) < 0);
    }

    /**
     * Entries that not every longest increasing subsequence (in canonical order) keeps: each one alone when no such
     * subsequence keeps it, or together with the entries it competes with for one place.
     */
    private static List<List<Entry>> outOfOrder(List<Entry> entries) {
        int n = entries.size();
        if (n < 2) {
            return List.of();
        }
        List<AuditRecord> keys = entries.stream().map(Entry::record).sorted(ORDER).toList();
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[i] = java.util.Collections.binarySearch(keys, entries.get(i).record(), ORDER);
        }
        int[] endingAt = longestEndingAt(rank);
        int[] reversedNegated = new int[n];
        for (int i = 0; i < n; i++) {
            reversedNegated[i] = -rank[n - 1 - i];
        }
        int[] fromRight = longestEndingAt(reversedNegated);
        int[] startingAt = new int[n];
        for (int i = 0; i < n; i++) {
            startingAt[i] = fromRight[n - 1 - i];
        }
        int longest = Arrays.stream(endingAt).max().orElse(0);
        TreeMap<Integer, List<Entry>> competing = new TreeMap<>();
        List<List<Entry>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (endingAt[i] + startingAt[i] - 1 == longest) {
                competing.computeIfAbsent(endingAt[i], k -> new ArrayList<>()).add(entries.get(i));
            } else {
                out.add(List.of(entries.get(i)));
            }
        }
        competing.values().stream().filter(g -> g.size() > 1).forEach(out::add);
        return out;
    }

    /** Patience sorting: for each position, the length of the longest strictly increasing run ending there. */
    private static int[] longestEndingAt(int[] values) {
        int[] tails = new int[values.length];
        int size = 0;
        int[] result = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (tails[mid] < values[i]) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            tails[lo] = values[i];
            if (lo == size) {
                size++;
            }
            result[i] = lo + 1;
        }
        return result;
    }

    private AuditFileVerifier() {
    }
}

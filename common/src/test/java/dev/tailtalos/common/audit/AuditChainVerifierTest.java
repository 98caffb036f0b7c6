package dev.tailtalos.common.audit;

import dev.tailtalos.proto.events.v1.AuditRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditChainVerifierTest {

    private static List<AuditRecord> chain(String producer, int n) {
        AuditChain chain = AuditChain.fresh();
        List<AuditRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(chain.link(AuditRecord.newBuilder().setProducer(producer).setAction("step-" + i)
                    .setRolloutId("r1").putDetails("i", Integer.toString(i))));
        }
        return records;
    }

    @Test
    void intactChainsVerify() {
        List<AuditRecord> all = new ArrayList<>(chain("a", 5));
        all.addAll(chain("b", 3));
        AuditChainVerifier.Result result = AuditChainVerifier.verify(all);
        assertThat(result.allIntact()).isTrue();
        assertThat(result.chains()).hasSize(2);
        assertThat(result.records()).isEqualTo(8);
    }

    @Test
    void editedRecordIsLocated() {
        List<AuditRecord> records = chain("a", 5);
        records.set(2, records.get(2).toBuilder().setAction("something-else").build());
        AuditChainVerifier.ChainStatus status = AuditChainVerifier.verify(records).broken().get(0);
        assertThat(status.brokenAtSequence()).isEqualTo(3);
        assertThat(status.firstProblem()).contains("altered");
    }

    @Test
    void deletedRecordIsLocated() {
        List<AuditRecord> records = chain("a", 5);
        records.remove(1);
        AuditChainVerifier.ChainStatus status = AuditChainVerifier.verify(records).broken().get(0);
        assertThat(status.brokenAtSequence()).isEqualTo(3);
        assertThat(status.firstProblem()).contains("missing");
    }

    @Test
    void reorderedRecordsAreLocated() {
        List<AuditRecord> records = chain("a", 5);
        AuditRecord third = records.remove(2);
        records.add(3, third);
        AuditChainVerifier.ChainStatus status = AuditChainVerifier.verify(records).broken().get(0);
        assertThat(status.brokenAtPosition()).isEqualTo(2);
    }

    @Test
    void insertedRecordWithRecomputedHashIsCaughtByTheLink() {
        List<AuditRecord> records = chain("a", 4);
        AuditRecord forged = AuditRecord.newBuilder().setProducer("a").setSequence(3).setPrevHash("00")
                .setAction("forged").build();
        forged = forged.toBuilder().setHash(AuditChain.hashOf(forged)).build();
        records.add(2, forged);
        AuditChainVerifier.ChainStatus status = AuditChainVerifier.verify(records).broken().get(0);
        assertThat(status.brokenAtSequence()).isEqualTo(3);
        assertThat(status.firstProblem()).contains("predecessor");
    }

    @Test
    void resumedChainContinuesWhereItStopped() {
        List<AuditRecord> first = chain("a", 2);
        AuditChain resumed = new AuditChain(2, first.get(1).getHash());
        List<AuditRecord> all = new ArrayList<>(first);
        all.add(resumed.link(AuditRecord.newBuilder().setProducer("a").setAction("after-restart")));
        assertThat(AuditChainVerifier.verify(all).allIntact()).isTrue();
    }

    @Test
    void jsonLinesExportRoundTripsAndStillVerifies(@org.junit.jupiter.api.io.TempDir Path dir) {
        List<AuditRecord> records = chain("a", 3);
        Path file = dir.resolve("audit.jsonl");
        AuditExport.write(records, file, java.time.Instant.now());
        List<AuditRecord> back = AuditExport.read(file).stream().filter(AuditExport.Line::isRecord)
                .map(AuditExport.Line::record).toList();
        assertThat(back).isEqualTo(records);
        assertThat(AuditChainVerifier.verify(back).allIntact()).isTrue();
        assertThat(AuditFileVerifier.verify(file).intact()).isTrue();
    }
}

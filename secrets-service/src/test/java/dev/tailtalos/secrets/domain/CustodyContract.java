package dev.tailtalos.secrets.domain;

import dev.tailtalos.secrets.domain.Custody.CasConflictException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour every custody backend must have; one subclass per backend. */
public abstract class CustodyContract {
    protected Custody custody;
    private String prefix;

    /** A fresh, empty custody. */
    protected abstract Custody newCustody() throws Exception;

    /** The same storage opened again (a restart). */
    protected abstract Custody reopen() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        custody = newCustody();
        prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Removes what a case wrote under its prefix; a contract run against a real installation leaves nothing. */
    protected void cleanUp(String casePrefix) throws Exception {
    }

    @AfterEach
    void tearDown() throws Exception {
        cleanUp(prefix);
    }

    private String p(String path) {
        return prefix + "/" + path;
    }

    @Test
    void missingSecretIsEmpty() {
        assertThat(custody.read(p("nothing"))).isEmpty();
        assertThat(custody.readVersioned(p("nothing"))).isEmpty();
        assertThat(custody.currentVersion(p("nothing"))).isZero();
    }

    @Test
    void writesCreateVersionsThatStayReadable() {
        custody.write(p("tailscale/authkey"), Map.of("value", "tskey-auth-one", "key_id", "k1"));
        custody.write(p("tailscale/authkey"), Map.of("value", "tskey-auth-two", "key_id", "k2"));
        assertThat(custody.read(p("tailscale/authkey"))).contains(Map.of("value", "tskey-auth-two", "key_id", "k2"));
        assertThat(custody.readVersioned(p("tailscale/authkey"))).hasValueSatisfying(v -> {
            assertThat(v.version()).isEqualTo(2);
            assertThat(v.createdAt()).isNotBlank();
            assertThat(v.toString()).doesNotContain("tskey-auth");
        });
        assertThat(custody.readVersion(p("tailscale/authkey"), 1)).hasValueSatisfying(v ->
                assertThat(v.fields()).containsEntry("value", "tskey-auth-one"));
        assertThat(custody.readVersion(p("tailscale/authkey"), 7)).isEmpty();
    }

    @Test
    void checkAndSetCreatesOnlyIfAbsentAndUpdatesOnlyTheExpectedVersion() {
        assertThat(custody.writeIfVersion(p("a"), Map.of("value", "1"), 0)).isEqualTo(1);
        assertThatThrownBy(() -> custody.writeIfVersion(p("a"), Map.of("value", "x"), 0))
                .isInstanceOf(CasConflictException.class).hasMessageContaining(p("a")).hasMessageNotContaining("x\"");
        assertThat(custody.writeIfVersion(p("a"), Map.of("value", "2"), 1)).isEqualTo(2);
        assertThatThrownBy(() -> custody.writeIfVersion(p("a"), Map.of("value", "3"), 1))
                .isInstanceOf(CasConflictException.class);
        assertThat(custody.read(p("a"))).contains(Map.of("value", "2"));
    }

    @Test
    void concurrentCheckAndSetWritersLetExactlyOneWin() throws Exception {
        custody.writeIfVersion(p("race"), Map.of("value", "base"), 0);
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        custody.writeIfVersion(p("race"), Map.of("value", "w" + n), 1);
                        return true;
                    } catch (CasConflictException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> f : results) {
                wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
            assertThat(custody.currentVersion(p("race"))).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void softDeleteHidesTheLatestVersionButKeepsOlderOnesAndTheVersionNumber() {
        custody.write(p("d"), Map.of("value", "1"));
        custody.write(p("d"), Map.of("value", "2"));
        custody.deleteLatest(p("d"));
        assertThat(custody.read(p("d"))).isEmpty();
        assertThat(custody.readVersion(p("d"), 2)).isEmpty();
        assertThat(custody.readVersion(p("d"), 1)).hasValueSatisfying(v -> assertThat(v.fields()).containsEntry("value", "1"));
        assertThat(custody.currentVersion(p("d"))).isEqualTo(2);
        assertThat(custody.writeIfVersion(p("d"), Map.of("value", "3"), 2)).isEqualTo(3);
        assertThat(custody.read(p("d"))).contains(Map.of("value", "3"));
    }

    @Test
    void listShowsPathsFieldsAndVersionsButNoValues() {
        custody.write(p("tailscale/authkey"), Map.of("value", "tskey-auth-listed", "key_id", "k9"));
        custody.write(p("talos/bundle"), Map.of("certs.os.key", "c2VjcmV0"));
        List<Custody.SecretListing> mine = custody.list().stream().filter(l -> l.path().startsWith(prefix + "/")).toList();
        assertThat(mine).extracting(Custody.SecretListing::path)
                .containsExactly(p("tailscale/authkey"), p("talos/bundle"));
        assertThat(mine.get(0).fields()).containsExactly("key_id", "value");
        assertThat(mine.get(0).version()).isEqualTo(1);
        assertThat(mine.toString()).doesNotContain("tskey-auth-listed").doesNotContain("c2VjcmV0");
    }

    @Test
    void acknowledgedWritesSurviveAReopen() throws Exception {
        custody.write(p("keep"), Map.of("value", "kept"));
        custody.writeIfVersion(p("keep"), Map.of("value", "kept-2"), 1);
        Custody again = reopen();
        assertThat(again.readVersioned(p("keep"))).hasValueSatisfying(v -> {
            assertThat(v.fields()).containsEntry("value", "kept-2");
            assertThat(v.version()).isEqualTo(2);
        });
    }

    @Test
    void emptySecretsAndBadPathsAreRefused() {
        assertThatThrownBy(() -> custody.write(p("empty"), Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one field");
        assertThatThrownBy(() -> custody.write("Bad Path", Map.of("value", "v")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

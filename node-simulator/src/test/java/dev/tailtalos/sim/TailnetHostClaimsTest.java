package dev.tailtalos.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailnetHostClaimsTest {

    @TempDir
    Path dir;

    @Test
    void perTailnetCountsFromOne() throws Exception {
        TailnetHostClaims claims = TailnetHostClaims.perTailnet();

        assertThat(List.of(claims.claim(), claims.claim())).containsExactly(1, 2);
    }

    @Test
    void anotherProcessNeverGetsAHostThisOneHolds() throws Exception {
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), TailnetHostClaimsTest.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(),
                StandardCharsets.UTF_8))) {
            String claimedThere = out.readLine();
            assertThat(claimedThere).isEqualTo("claimed 1");

            TailnetHostClaims here = TailnetHostClaims.machineWide(dir);
            int first = here.claim();
            int second = TailnetHostClaims.machineWide(dir).claim();

            assertThat(first).isEqualTo(2);
            assertThat(second).as("a second claimer in the same JVM").isEqualTo(3);
        } finally {
            other.getOutputStream().close();
            other.waitFor(20, TimeUnit.SECONDS);
            other.destroyForcibly();
        }
        assertThat(TailnetHostClaims.machineWide(dir).claim()).as("host 1 is free again once its process ended")
                .isEqualTo(1);
    }

    @Test
    void inProcessTailnetsClaimingMachineWideHandOutDistinctStandIns() throws Exception {
        TailnetDevice a = InProcessTailnet.permissiveMachineWide().login("m-a", "tskey-auth-kA-1", "a");
        TailnetDevice b = InProcessTailnet.permissiveMachineWide().login("m-b", "tskey-auth-kB-1", "b");

        assertThat(a.address()).isNotEqualTo(b.address()).startsWith("127.100.");
        assertThat(a.tailscaleAddress().substring("100.64.".length()))
                .isEqualTo(a.address().substring("127.100.".length()));
    }

    /** The other process: claims one host in the directory given, says which, holds it until stdin closes. */
    public static void main(String[] args) throws Exception {
        int host = TailnetHostClaims.machineWide(Path.of(args[0])).claim();
        System.out.println("claimed " + host);
        System.out.flush();
        System.in.read();
    }
}

package dev.tailtalos.monitor.domain;

import dev.tailtalos.monitor.domain.HealthVerdict.Check;
import dev.tailtalos.monitor.domain.HealthVerdict.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeVerdictsTest {
    static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");

    @Test
    void certificateMustNameTheTailnetAddressAndMagicDnsName() {
        Check lacksAddress = CertificateSans.check(List.of("192.168.1.11"), List.of("k8s-1", "k8s-1.tail1.ts.net"),
                "100.64.0.7", "k8s-1.tail1.ts.net.");
        assertThat(lacksAddress.result()).isEqualTo(Result.FAIL);
        assertThat(lacksAddress.detail()).contains("lacks 100.64.0.7").doesNotContain("lacks 100.64.0.7 and");
        assertThat(lacksAddress.recommendation()).contains("machine.certSANs", "100.64.0.7");
        Check lacksName = CertificateSans.check(List.of("100.64.0.7"), List.of("k8s-1"), "100.64.0.7", "k8s-1.tail1.ts.net");
        assertThat(lacksName.result()).isEqualTo(Result.FAIL);
        assertThat(lacksName.detail()).contains("lacks k8s-1.tail1.ts.net");
        assertThat(CertificateSans.check(List.of("100.64.0.7"), List.of("K8S-1.tail1.ts.net"), "100.64.0.7",
                "k8s-1.tail1.ts.net").result()).isEqualTo(Result.PASS);
    }

    @Test
    void deviceStateUsesConnectedToControlAndLastSeen() {
        TailscaleDevice connected = new TailscaleDevice("n1", "k8s-1.tail1.ts.net", "k8s-1", List.of("100.64.0.7"), true,
                null, true, null, true);
        assertThat(connected.check(NOW, Duration.ofMinutes(10)).result()).isEqualTo(Result.PASS);
        TailscaleDevice briefly = new TailscaleDevice("n1", "k8s-1.tail1.ts.net", "k8s-1", List.of("100.64.0.7"), false,
                NOW.minusSeconds(120), true, null, true);
        assertThat(briefly.check(NOW, Duration.ofMinutes(10)).result()).isEqualTo(Result.WARN);
        TailscaleDevice gone = new TailscaleDevice("n1", "k8s-1.tail1.ts.net", "k8s-1", List.of("100.64.0.7"), false,
                NOW.minus(Duration.ofHours(3)), true, null, true);
        assertThat(gone.check(NOW, Duration.ofMinutes(10)).result()).isEqualTo(Result.FAIL);
        assertThat(gone.check(NOW, Duration.ofMinutes(10)).detail()).contains("last seen", "180 min ago");
        TailscaleDevice unauthorized = new TailscaleDevice("n1", "k8s-1.tail1.ts.net", "k8s-1", List.of("100.64.0.7"),
                true, null, false, null, true);
        assertThat(unauthorized.check(NOW, Duration.ofMinutes(10)).result()).isEqualTo(Result.FAIL);
        TailscaleDevice expiring = new TailscaleDevice("n1", "k8s-1.tail1.ts.net", "k8s-1", List.of("100.64.0.7"), true,
                null, true, NOW.plus(Duration.ofDays(3)), false);
        assertThat(expiring.check(NOW, Duration.ofMinutes(10)).result()).isEqualTo(Result.WARN);
    }

    @Test
    void authKeyExpiryPassesWarnsAndFails() {
        AuthKeyExpiry key = new AuthKeyExpiry("tailscale/authkey", "k1", NOW.plus(Duration.ofDays(30)), NOW);
        assertThat(key.check(NOW, Duration.ofDays(14)).result()).isEqualTo(Result.PASS);
        assertThat(key.check(NOW.plus(Duration.ofDays(20)), Duration.ofDays(14)).result()).isEqualTo(Result.WARN);
        Check expired = key.check(NOW.plus(Duration.ofDays(31)), Duration.ofDays(14));
        assertThat(expired.result()).isEqualTo(Result.FAIL);
        assertThat(expired.recommendation()).contains("rotate");
    }

    @Test
    void largePayloadStallingOnlyOverTheTailnetIsAnMtuProblem() {
        long size = 4 << 20;
        Check mtu = PayloadProbe.judge(true, new PayloadProbe.Transfer(65_536, false, "DEADLINE_EXCEEDED", 5000),
                new PayloadProbe.Transfer(size, true, null, 80), size);
        assertThat(mtu.result()).isEqualTo(Result.FAIL);
        assertThat(mtu.detail()).contains("path-MTU");
        assertThat(mtu.recommendation()).contains("TS_DEBUG_MTU", "ExtensionServiceConfig", "LAN");
        assertThat(PayloadProbe.judge(true, new PayloadProbe.Transfer(size, true, null, 90),
                new PayloadProbe.Transfer(size, true, null, 80), size).result()).isEqualTo(Result.PASS);
        Check both = PayloadProbe.judge(false, new PayloadProbe.Transfer(0, false, "UNAVAILABLE", 10),
                new PayloadProbe.Transfer(0, false, "UNAVAILABLE", 10), size);
        assertThat(both.detail()).doesNotContain("path-MTU");
    }

    @Test
    void skippedChecksNeitherPassNorFail() {
        assertThat(new HealthVerdict("n", List.of(Check.skipped("a", "lan", "no")), "", "").healthy()).isFalse();
        assertThat(new HealthVerdict("n", List.of(Check.pass("a", "lan", "ok"), Check.skipped("b", "tailnet", "no")), "", "")
                .healthy()).isTrue();
        assertThat(new HealthVerdict("n", List.of(Check.pass("a", "lan", "ok"), Check.fail("b", "tailnet", "x", "y")), "", "")
                .healthy()).isFalse();
    }

    @Test
    void aLackingIdentityTheLoopIsFixingWarnsUntilTheGraceIsOver() {
        Check lacks = CertificateSans.check(List.of("100.64.0.7"), List.of(), "100.64.0.7", "k8s-1.tail1.ts.net");
        Instant observed = NOW.minus(Duration.ofMinutes(3));
        Check healing = CertificateSans.healing(lacks, observed, NOW, Duration.ofMinutes(10));
        assertThat(healing.result()).isEqualTo(Result.WARN);
        assertThat(healing.detail()).contains("lacks k8s-1.tail1.ts.net", "self-healing since " + observed);
        assertThat(CertificateSans.healing(lacks, observed, NOW, Duration.ofMinutes(2))).isEqualTo(lacks);
        assertThat(CertificateSans.healing(lacks, null, NOW, Duration.ofMinutes(10))).isEqualTo(lacks);
        Check passing = CertificateSans.check(List.of("100.64.0.7"), List.of("k8s-1.tail1.ts.net"), "100.64.0.7",
                "k8s-1.tail1.ts.net");
        assertThat(CertificateSans.healing(passing, observed, NOW, Duration.ofMinutes(10))).isEqualTo(passing);
    }

    @Test
    void theTailscaleExtensionMustBeInTheNodesImage() {
        String schematic = "4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b";
        Check installed = TailscaleExtension.check(List.of(new TailscaleExtension.Installed("tailscale", "1.84.3"),
                new TailscaleExtension.Installed("schematic", schematic)));
        assertThat(installed.result()).isEqualTo(Result.PASS);
        assertThat(installed.detail()).contains("tailscale 1.84.3", "schematic " + schematic);
        Check missing = TailscaleExtension.check(List.of(new TailscaleExtension.Installed("iscsi-tools", "v0.2.0"),
                new TailscaleExtension.Installed("schematic", "376567988ad3")));
        assertThat(missing.result()).isEqualTo(Result.FAIL);
        assertThat(missing.detail()).contains("not installed", "schematic 376567988ad3", "[iscsi-tools]");
        assertThat(missing.recommendation()).contains("siderolabs/tailscale", "factory.talos.dev/installer/");
        assertThat(TailscaleExtension.check(List.of()).detail()).contains("not from the Image Factory", "no extensions");
    }

    @Test
    void tailnetAddressesAreTranslatedKeepingTheHostBits() {
        TailnetAddressMap map = TailnetAddressMap.parse("p", "100.64.0.0/16=127.100.0.0/16, 100.100.0.0/24=127.0.99.0/24");
        assertThat(map.translate("100.64.1.7")).contains("127.100.1.7");
        assertThat(map.translate("100.100.0.9")).contains("127.0.99.9");
        assertThat(map.translate("100.101.102.103")).isEmpty();
        assertThat(map.translate("fd7a:115c:a1e0::1")).isEmpty();
        assertThat(TailnetAddressMap.parse("p", " ").translate("100.64.0.1")).isEmpty();
    }

    @Test
    void badAddressMapsNameThePropertyTheEntryAndTheProblem() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TailnetAddressMap.parse("tailtalos.monitor.tailnet-address-map",
                        "100.64.0.0/16=127.100.0.0/24"))
                .hasMessageContaining("tailtalos.monitor.tailnet-address-map").hasMessageContaining("same length");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TailnetAddressMap.parse("p", "100.64.0.0/16"))
                .hasMessageContaining("'100.64.0.0/16' must be FROM/LEN=TO/LEN");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TailnetAddressMap.parse("p", "100.64.0.300/16=127.0.0.0/16"))
                .hasMessageContaining("'100.64.0.300/16' is not an IPv4 prefix");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TailnetAddressMap.parse("p", "100.64.0.0/33=127.0.0.0/33"))
                .hasMessageContaining("is not an IPv4 prefix");
    }
}

package dev.tailtalos.secrets.adapters.vault;

import dev.tailtalos.common.crypto.EnvelopeSealer;
import dev.tailtalos.proto.events.v1.SealedBox;
import dev.tailtalos.secrets.domain.Custody;
import dev.tailtalos.standins.vault.VaultStandin;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Vault faults through the driver and resilience4j: 403 is permanent, 5xx and timeouts are retried, the breaker opens. */
class VaultGatewayFaultsTest {
    private static final VaultSettings.Resilience FAST = new VaultSettings.Resilience(3, Duration.ofMillis(10), 2.0,
            4, 4, 50f, Duration.ofMinutes(5));
    private VaultStandin vault;

    @BeforeEach
    void start() {
        vault = new VaultStandin("root-token");
        vault.addToken("kv-only", "kv-reader", "secret/");
        vault.addAppRole("secrets-service", "role-1", "secret-1", "tailtalos", "secret/", "transit/");
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private VaultGateway gateway(String token, Duration readTimeout) {
        return new VaultGateway(new VaultSettings(vault.address(), token, null, null, null, null, null, null,
                Duration.ofSeconds(1), readTimeout, FAST));
    }

    @Test
    void permissionDeniedIsPermanentAndNotRetried() {
        VaultGateway gw = gateway("kv-only", Duration.ofSeconds(5));
        int before = vault.requestCount();
        assertThatThrownBy(() -> gw.transitEncrypt("transit", "seal", new byte[32]))
                .isInstanceOfSatisfying(VaultCallException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.getMessage()).contains("permission denied").contains("transit encrypt");
                });
        assertThat(vault.requestCount() - before).isEqualTo(1);
        VaultCustody custody = new VaultCustody(gateway("unknown-token", Duration.ofSeconds(5)));
        assertThatThrownBy(() -> custody.read("tailscale/authkey"))
                .isInstanceOf(Custody.CustodyUnavailableException.class).hasMessageContaining("403");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffAndNothingIsLost() {
        VaultCustody custody = new VaultCustody(gateway("root-token", Duration.ofSeconds(5)));
        custody.write("tailscale/authkey", Map.of("value", "tskey-auth-kept"));
        vault.failNext(2, 500);
        int before = vault.requestCount();
        assertThat(custody.read("tailscale/authkey")).contains(Map.of("value", "tskey-auth-kept"));
        assertThat(vault.requestCount() - before).isEqualTo(3);
    }

    @Test
    void sealedVaultBeyondTheRetriesIsATransientErrorNamingTheCause() {
        VaultCustody custody = new VaultCustody(gateway("root-token", Duration.ofSeconds(5)));
        vault.failNext(3, 503);
        assertThatThrownBy(() -> custody.read("tailscale/authkey"))
                .isInstanceOfSatisfying(VaultCallException.class, e -> {
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.getMessage()).contains("503").contains("Vault is sealed").contains("transient");
                });
    }

    @Test
    void timeoutsAndAnUnreachableVaultAreTransient() {
        VaultGateway gw = gateway("root-token", Duration.ofSeconds(1));
        vault.setDelay(Duration.ofMillis(2500));
        assertThatThrownBy(() -> gw.kvRead("secret/tailtalos/x", null))
                .isInstanceOfSatisfying(VaultCallException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.getMessage()).contains("unreachable or timed out");
                });
        vault.setDelay(Duration.ZERO);
        vault.setDown(true);
        assertThatThrownBy(() -> gw.kvRead("secret/tailtalos/x", null))
                .isInstanceOfSatisfying(VaultCallException.class, e -> assertThat(e.isTransient()).isTrue());
    }

    @Test
    void circuitBreakerOpensAfterRepeatedFailuresAndThenFailsFast() {
        VaultGateway gw = gateway("root-token", Duration.ofSeconds(5));
        vault.failNext(100, 502);
        assertThatThrownBy(() -> gw.kvRead("secret/tailtalos/x", null)).isInstanceOf(VaultCallException.class);
        assertThatThrownBy(() -> gw.kvRead("secret/tailtalos/x", null)).isInstanceOf(VaultCallException.class);
        assertThat(gw.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        int before = vault.requestCount();
        assertThatThrownBy(() -> gw.kvRead("secret/tailtalos/x", null))
                .isInstanceOfSatisfying(VaultCallException.class, e -> {
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.getMessage()).contains("circuit breaker open");
                });
        assertThat(vault.requestCount()).isEqualTo(before);
    }

    @Test
    void aSealedVaultStaysReportedAsSealedOnceTheBreakerIsOpen() {
        VaultGateway gw = gateway("root-token", Duration.ofSeconds(5));
        vault.failNext(100, 503);
        assertThatThrownBy(() -> gw.kvRead("secret/tailtalos/x", null)).isInstanceOf(VaultCallException.class);
        assertThatThrownBy(() -> gw.kvRead("secret/tailtalos/x", null)).isInstanceOf(VaultCallException.class);
        assertThat(gw.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> gw.kvRead("secret/tailtalos/x", null))
                .isInstanceOfSatisfying(VaultCallException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("sealed").contains("circuit breaker open")
                            .doesNotContain("unreachable");
                });
    }

    @Test
    void appRoleLoginWorksAndLogsInAgainWhenTheTokenIsRevoked() {
        VaultGateway gw = new VaultGateway(new VaultSettings(vault.address(), null, "role-1", "secret-1", null, null,
                null, null, null, null, FAST));
        VaultCustody custody = new VaultCustody(gw);
        custody.write("tailscale/authkey", Map.of("value", "v1"));
        assertThat(gw.lookupSelf().path("policies").toString()).contains("tailtalos");
        assertThat(gw.lookupSelf().toString()).doesNotContain("secret-1");
        VaultGateway bad = new VaultGateway(new VaultSettings(vault.address(), null, "role-1", "wrong", null, null,
                null, null, null, null, FAST));
        assertThatThrownBy(() -> new VaultCustody(bad).read("tailscale/authkey"))
                .isInstanceOfSatisfying(VaultCallException.class, e -> {
                    assertThat(e.getMessage()).contains("AppRole login").doesNotContain("wrong");
                    assertThat(e.isTransient()).isFalse();
                });
    }

    @Test
    void transitKeyWrapperSealsAndUnsealsEnvelopes() {
        vault.createTransitKey("tailtalos-seal");
        EnvelopeSealer sealer = new EnvelopeSealer(gateway("root-token", Duration.ofSeconds(5)).sealKeyWrapper());
        SealedBox box = sealer.seal("machine: {}".getBytes(StandardCharsets.UTF_8), "aad".getBytes(StandardCharsets.UTF_8));
        assertThat(box.getKeyId()).isEqualTo("vault-transit:transit/tailtalos-seal");
        assertThat(box.getWrappedDataKey().toStringUtf8()).startsWith("vault:v1:");
        assertThat(new String(sealer.unseal(box), StandardCharsets.UTF_8)).isEqualTo("machine: {}");
    }
}

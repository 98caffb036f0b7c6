package dev.tailtalos.secrets.app;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.crypto.EnvelopeSealer;
import dev.tailtalos.common.crypto.KeyFiles;
import dev.tailtalos.common.crypto.KeyWrapper;
import dev.tailtalos.common.crypto.LocalKeyWrapper;
import dev.tailtalos.common.crypto.SecretHmac;
import dev.tailtalos.common.crypto.sops.Sops;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.kafka.TailtalosKafkaConfiguration;
import dev.tailtalos.common.web.BearerToken;
import dev.tailtalos.common.web.HttpGuardConfiguration;
import dev.tailtalos.common.web.TokenFile;
import dev.tailtalos.secrets.adapters.AuthKeyRolloutListener;
import dev.tailtalos.secrets.adapters.AuthKeyScheduler;
import dev.tailtalos.secrets.adapters.ConfigRenderedListener;
import dev.tailtalos.secrets.adapters.KafkaLifecycleEvents;
import dev.tailtalos.secrets.adapters.http.SecretsApiController;
import dev.tailtalos.secrets.adapters.tailscale.TailscaleApiClient;
import dev.tailtalos.secrets.adapters.vault.VaultCustody;
import dev.tailtalos.secrets.adapters.vault.VaultGateway;
import dev.tailtalos.secrets.adapters.vault.VaultSettings;
import dev.tailtalos.secrets.adapters.vault.VaultSopsTransit;
import dev.tailtalos.secrets.domain.ConfigSealer;
import dev.tailtalos.secrets.domain.Custody;
import dev.tailtalos.secrets.domain.CustodySopsDecryptor;
import dev.tailtalos.secrets.domain.LocalKeystore;
import dev.tailtalos.secrets.domain.authkeys.AuthKeyLifecycle;
import dev.tailtalos.secrets.domain.authkeys.AuthKeyPolicy;
import dev.tailtalos.secrets.domain.authkeys.KeyUsage;
import dev.tailtalos.secrets.domain.authkeys.LifecycleEvents;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

@SpringBootApplication(scanBasePackages = "dev.tailtalos.secrets.app")
@Import({TailtalosKafkaConfiguration.class, HttpGuardConfiguration.class})
public class SecretsServiceApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(SecretsServiceApplication.class);
        app.setDefaultProperties(java.util.Map.of("spring.config.name", "secrets-service"));
        app.run(args);
    }

    /** Present only with tailtalos.custody.backend=vault or tailtalos.seal.backend=vault-transit. */
    @Bean
    VaultGateway vaultGateway(@Value("${tailtalos.custody.backend:local}") String custodyBackend,
                              @Value("${tailtalos.seal.backend:local}") String sealBackend,
                              @Value("${tailtalos.vault.address:}") String address,
                              @Value("${tailtalos.vault.token-file:}") String tokenFile,
                              @Value("${tailtalos.vault.approle.role-id:}") String roleId,
                              @Value("${tailtalos.vault.approle.secret-id-file:}") String secretIdFile,
                              @Value("${tailtalos.vault.kv-mount:secret}") String kvMount,
                              @Value("${tailtalos.vault.base-path:tailtalos}") String basePath,
                              @Value("${tailtalos.vault.transit-mount:transit}") String transitMount,
                              @Value("${tailtalos.vault.transit-key:tailtalos-seal}") String transitKey,
                              @Value("${tailtalos.vault.open-timeout:PT5S}") Duration openTimeout,
                              @Value("${tailtalos.vault.read-timeout:PT10S}") Duration readTimeout,
                              @Value("${tailtalos.vault.breaker-open-for:PT30S}") Duration breakerOpenFor) {
        if (!custodyBackend.equals("vault") && !sealBackend.equals("vault-transit")) {
            return null;
        }
        String token = tokenFile.isBlank() ? System.getenv("VAULT_TOKEN") : readSecretFile(tokenFile);
        String secretId = secretIdFile.isBlank() ? null : readSecretFile(secretIdFile);
        return new VaultGateway(new VaultSettings(address, roleId.isBlank() ? token : null, roleId, secretId, kvMount,
                basePath, transitMount, transitKey, openTimeout, readTimeout, new VaultSettings.Resilience(
                VaultSettings.Resilience.DEFAULT.maxAttempts(), VaultSettings.Resilience.DEFAULT.initialBackoff(),
                VaultSettings.Resilience.DEFAULT.backoffMultiplier(), VaultSettings.Resilience.DEFAULT.breakerWindow(),
                VaultSettings.Resilience.DEFAULT.breakerMinimumCalls(), VaultSettings.Resilience.DEFAULT.breakerFailureRate(),
                breakerOpenFor)));
    }

    @Bean
    Custody custody(@Value("${tailtalos.custody.backend:local}") String backend,
                    @Value("${tailtalos.custody.keystore-file:}") String keystoreFile,
                    @Value("${tailtalos.custody.key-file:}") String keyFile,
                    @Value("${tailtalos.custody.passphrase-file:}") String passphraseFile,
                    ObjectProvider<VaultGateway> vault, Clock clock) {
        switch (backend) {
            case "vault":
                return new VaultCustody(vault.getObject());
            case "local":
                if (keystoreFile.isBlank()) {
                    throw new IllegalArgumentException("tailtalos.custody.keystore-file is required for the local custody backend");
                }
                if (!passphraseFile.isBlank()) {
                    return LocalKeystore.openWithPassphrase(Path.of(keystoreFile),
                            readSecretFile(passphraseFile).toCharArray(), clock);
                }
                if (keyFile.isBlank()) {
                    throw new IllegalArgumentException("tailtalos.custody.key-file or tailtalos.custody.passphrase-file is"
                            + " required for the local custody backend");
                }
                return LocalKeystore.open(Path.of(keystoreFile), Path.of(keyFile), clock);
            default:
                throw new IllegalArgumentException("tailtalos.custody.backend must be local or vault, is '" + backend + "'");
        }
    }

    @Bean
    SecretHmac secretHmac(@Value("${tailtalos.audit.hmac-key-file}") Path hmacKeyFile) {
        return new SecretHmac(KeyFiles.loadOrCreate(hmacKeyFile));
    }

    @Bean
    ConfigSealer configSealer(Custody custody, SecretHmac hmac, ObjectProvider<VaultGateway> vault,
                              @Value("${tailtalos.seal.backend:local}") String sealBackend,
                              @Value("${tailtalos.seal.key-file:}") String sealKeyFile,
                              @Value("${tailtalos.sops.age-identity-path:" + CustodySopsDecryptor.DEFAULT_AGE_PATH + "}")
                              String ageIdentityPath) {
        KeyWrapper wrapper = switch (sealBackend) {
            case "local" -> LocalKeyWrapper.fromFile(Path.of(sealKeyFile));
            case "vault-transit" -> vault.getObject().sealKeyWrapper();
            default -> throw new IllegalArgumentException("tailtalos.seal.backend must be local or vault-transit, is '"
                    + sealBackend + "'");
        };
        VaultGateway gateway = vault.getIfAvailable();
        Sops.VaultTransit transit = gateway == null ? null : new VaultSopsTransit(gateway);
        return new ConfigSealer(custody, new EnvelopeSealer(wrapper), hmac,
                new CustodySopsDecryptor(custody, ageIdentityPath, transit));
    }

    @Bean
    KeyUsage keyUsage() {
        return new KeyUsage();
    }

    @Bean
    ConfigRenderedListener configRenderedListener(ConfigSealer sealer, EventPublisher publisher, AuditWriter audit,
                                                  KeyUsage usage) {
        return new ConfigRenderedListener(sealer, publisher, audit, usage);
    }

    @Bean
    LifecycleEvents lifecycleEvents(EventPublisher publisher, AuditWriter audit, SecretHmac hmac) {
        return new KafkaLifecycleEvents(publisher, audit, hmac);
    }

    @Bean
    AuthKeyLifecycle authKeyLifecycle(Custody custody, LifecycleEvents events, KeyUsage usage, Clock clock,
                                      @Value("${tailtalos.tailscale.api-url:https://api.tailscale.com}") String apiUrl,
                                      @Value("${tailtalos.authkeys.paths:tailscale/authkey}") List<String> paths,
                                      @Value("${tailtalos.authkeys.oauth-client-path:tailscale/oauth-client}") String oauthPath,
                                      @Value("${tailtalos.authkeys.tags:tag:k8s-node}") List<String> tags,
                                      @Value("${tailtalos.authkeys.expiry:P90D}") Duration expiry,
                                      @Value("${tailtalos.authkeys.rotate-before:P14D}") Duration rotateBefore,
                                      @Value("${tailtalos.authkeys.description:tailtalos talos nodes}") String description) {
        return new AuthKeyLifecycle(custody, TailscaleApiClient.standard(apiUrl, clock), events, usage,
                new AuthKeyPolicy(paths, oauthPath, tags, expiry, rotateBefore, description), clock);
    }

    @Bean
    AuthKeyRolloutListener authKeyRolloutListener(AuthKeyLifecycle lifecycle, KeyUsage usage) {
        return new AuthKeyRolloutListener(lifecycle, usage);
    }

    @Bean(destroyMethod = "close")
    AuthKeyScheduler authKeyScheduler(AuthKeyLifecycle lifecycle,
                                      @Value("${tailtalos.authkeys.auto-rotate:true}") boolean autoRotate,
                                      @Value("${tailtalos.authkeys.check-interval:PT1H}") Duration interval) {
        return autoRotate ? new AuthKeyScheduler(lifecycle, Duration.ofSeconds(30), interval) : null;
    }

    @Bean
    BearerToken apiToken(@Value("${tailtalos.api.token-file:}") String tokenFile) {
        return TokenFile.fromSetting(tokenFile, "ttapi");
    }

    @Bean
    SecretsApiController secretsApiController(Custody custody, AuthKeyLifecycle lifecycle, LifecycleEvents events,
                                              SecretHmac hmac, BearerToken token) {
        return new SecretsApiController(custody, lifecycle, events, hmac, token);
    }

    private static String readSecretFile(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

package dev.tailtalos.secrets.app;

import dev.tailtalos.common.settings.SettingsCheck;
import dev.tailtalos.common.settings.StartupSettingsValidator;
import org.springframework.core.env.PropertyResolver;
import org.springframework.stereotype.Component;

/**
 * Checks secrets-service's settings before any bean is created; a bad one stops the start with a message naming
 * the property and its environment variable (all bad settings at once).
 */
@Component
class SecretsSettingsValidator extends StartupSettingsValidator {

    SecretsSettingsValidator() {
        super("secrets-service", SecretsSettingsValidator::check);
    }

    static SettingsCheck check(PropertyResolver settings) {
        SettingsCheck check = SettingsCheck.of(settings)
                .required("spring.kafka.bootstrap-servers").hostPorts("spring.kafka.bootstrap-servers")
                .kafkaTopics()
                .port("server.port")
                .oneOf("tailtalos.custody.backend", "local", "vault")
                .oneOf("tailtalos.seal.backend", "local", "vault-transit")
                .fileOrCreatable("tailtalos.audit.hmac-key-file")
                .httpUrl("tailtalos.tailscale.api-url")
                .bool("tailtalos.authkeys.auto-rotate")
                .duration("tailtalos.authkeys.expiry")
                .duration("tailtalos.authkeys.rotate-before")
                .duration("tailtalos.authkeys.check-interval")
                .duration("tailtalos.vault.breaker-open-for");
        if (check.isSet("tailtalos.api.token-file")) {
            check.fileOrCreatable("tailtalos.api.token-file");
        }
        String custody = check.isSet("tailtalos.custody.backend") ? check.value("tailtalos.custody.backend") : "local";
        String seal = check.isSet("tailtalos.seal.backend") ? check.value("tailtalos.seal.backend") : "local";
        if (custody.equals("local")) {
            check.fileOrCreatable("tailtalos.custody.keystore-file");
            if (check.isSet("tailtalos.custody.passphrase-file")) {
                check.optionalReadableFile("tailtalos.custody.passphrase-file");
            } else {
                check.fileOrCreatable("tailtalos.custody.key-file");
            }
        }
        if (seal.equals("local")) {
            check.readableFile("tailtalos.seal.key-file");
        }
        if (custody.equals("vault") || seal.equals("vault-transit")) {
            check.required("tailtalos.vault.address").httpUrl("tailtalos.vault.address")
                    .duration("tailtalos.vault.open-timeout").duration("tailtalos.vault.read-timeout");
            if (check.isSet("tailtalos.vault.approle.role-id")) {
                check.readableFile("tailtalos.vault.approle.secret-id-file");
            } else if (check.isSet("tailtalos.vault.token-file")) {
                check.optionalReadableFile("tailtalos.vault.token-file");
            } else if (System.getenv("VAULT_TOKEN") == null) {
                check.problem("tailtalos.vault.approle.role-id",
                        "Vault needs AppRole (role-id + secret-id-file), tailtalos.vault.token-file or VAULT_TOKEN");
            }
        }
        return check;
    }
}

package dev.tailtalos.cli.secrets;

import dev.tailtalos.common.crypto.age.AgeRecipient;
import dev.tailtalos.common.crypto.sops.Sops;
import dev.tailtalos.common.crypto.sops.SopsMetadata;
import dev.tailtalos.common.crypto.sops.SopsStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = {"Encrypts a YAML or JSON file in the sops 3.x format to stdout (or --output-file); the result",
                "decrypts with the real sops. Example: tailtalos sops encrypt --age age1… patches/tailscale.yaml"})
public class SopsEncryptCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The plaintext file.")
    Path file;

    @Option(names = "--age", description = "age X25519 recipient (age1…); repeatable, or comma-separated.", split = ",")
    List<String> age = new ArrayList<>();

    @Option(names = "--hc-vault-transit", description = "Vault transit key URI https://host:8200/v1/<engine>/keys/<name>; repeatable.")
    List<String> vault = new ArrayList<>();

    @ArgGroup(exclusive = true)
    Rule rule;

    static class Rule {
        @Option(names = "--unencrypted-suffix", description = "Leave keys ending with this suffix plain (sops default _unencrypted).")
        String unencryptedSuffix;
        @Option(names = "--encrypted-suffix", description = "Encrypt only keys ending with this suffix.")
        String encryptedSuffix;
        @Option(names = "--unencrypted-regex", description = "Leave keys matching this regex plain.")
        String unencryptedRegex;
        @Option(names = "--encrypted-regex", description = "Encrypt only keys matching this regex, e.g. ^(data|stringData)$.")
        String encryptedRegex;
    }

    @Option(names = "--mac-only-encrypted", description = "The MAC covers encrypted values only (plain values may be edited).")
    boolean macOnlyEncrypted;

    @Option(names = "--output-file", description = "Write here instead of stdout.")
    Path outputFile;

    @Override
    public Integer call() {
        return CliErrors.run(this::execute);
    }

    private Integer execute() throws Exception {
        List<AgeRecipient> recipients = age.stream().map(String::strip).map(AgeRecipient::parse).toList();
        List<Sops.VaultKey> vaultKeys = vault.stream().map(Sops.VaultKey::parse).toList();
        String encrypted = Sops.encrypt(file.toString(), Files.readString(file, StandardCharsets.UTF_8),
                SopsStore.forFile(file.toString()), new Sops.EncryptOptions(recipients, vaultKeys, rule(), macOnlyEncrypted),
                vaultKeys.isEmpty() ? null : new SopsVaultFromEnvironment(), Clock.systemUTC());
        if (outputFile != null) {
            Files.writeString(outputFile, encrypted, StandardCharsets.UTF_8);
        } else {
            System.out.print(encrypted);
        }
        return 0;
    }

    private SopsMetadata.CryptRule rule() {
        if (rule == null) {
            return SopsMetadata.CryptRule.DEFAULT;
        }
        if (rule.unencryptedSuffix != null) {
            return new SopsMetadata.CryptRule("unencrypted_suffix", rule.unencryptedSuffix);
        }
        if (rule.encryptedSuffix != null) {
            return new SopsMetadata.CryptRule("encrypted_suffix", rule.encryptedSuffix);
        }
        if (rule.unencryptedRegex != null) {
            return new SopsMetadata.CryptRule("unencrypted_regex", rule.unencryptedRegex);
        }
        return new SopsMetadata.CryptRule("encrypted_regex", rule.encryptedRegex);
    }
}

package dev.tailtalos.cli.secrets;

import dev.tailtalos.common.crypto.age.AgeKeys;
import dev.tailtalos.common.crypto.sops.Sops;
import dev.tailtalos.common.crypto.sops.SopsStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = {"Decrypts a SOPS file to stdout (or --output-file), checking its MAC. age identities come from",
                "SOPS_AGE_KEY, SOPS_AGE_KEY_FILE and ~/.config/sops/age/keys.txt, as sops reads them; hc_vault keys",
                "use the file's Vault address and VAULT_TOKEN (or ~/.vault-token). Comments are not carried over."})
public class SopsDecryptCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The encrypted file.")
    Path file;

    @Option(names = "--output-file", description = "Write the plaintext here (mode 0600) instead of stdout.")
    Path outputFile;

    @Override
    public Integer call() {
        return CliErrors.run(this::execute);
    }

    private Integer execute() throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String plaintext = Sops.decryptToText(file.toString(), text, SopsStore.forFile(file.toString()),
                new Sops.Keys(AgeKeys.fromEnvironment(System.getenv()), new SopsVaultFromEnvironment()));
        if (outputFile != null) {
            dev.tailtalos.common.crypto.KeyFiles.writePrivate(outputFile, plaintext.getBytes(StandardCharsets.UTF_8));
        } else {
            System.out.print(plaintext);
        }
        return 0;
    }
}

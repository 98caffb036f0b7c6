package dev.tailtalos.cli.secrets;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "sops", mixinStandardHelpOptions = true,
        description = {"Reads and writes SOPS files (sops 3.x format; YAML, or JSON by .json extension) with age X25519",
                "recipients and HashiCorp Vault / OpenBao transit keys."},
        subcommands = {SopsDecryptCommand.class, SopsEncryptCommand.class})
public class SopsCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

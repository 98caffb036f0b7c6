package dev.tailtalos.cli.secrets;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = {"Secrets in custody: import, list, mint and rotate Tailscale auth keys.",
                "Works against a running secrets-service (--server, --token-file) or a local keystore (--keystore).",
                "Values are read from stdin or a file, never from the command line, and never printed."},
        subcommands = {SecretsImportCommand.class, SecretsImportBundleCommand.class, SecretsListCommand.class, SecretsMintCommand.class,
                SecretsRotateCommand.class})
public class SecretsCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

package dev.tailtalos.cli.secrets;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Rotates an auth key now through a running secrets-service: mints a new key, stores it",
                "(check-and-set), requests a rollout of every node that uses it, and revokes the old key once that",
                "rollout has COMPLETED."})
public class SecretsRotateCommand implements Callable<Integer> {
    @Mixin
    SecretsTarget target;

    @Parameters(index = "0", defaultValue = "tailscale/authkey", description = "Custody path (default ${DEFAULT-VALUE}).")
    String path;

    @Option(names = "--reason", defaultValue = "operator request", description = "Why (recorded in the rollout and audit).")
    String reason;

    @Override
    public Integer call() {
        return CliErrors.run(this::execute);
    }

    private Integer execute() throws Exception {
        if (!target.remote()) {
            throw new IllegalArgumentException("rotate needs a running secrets-service (--server URL --token-file FILE):"
                    + " it requests the rollout of the new key and revokes the old one afterwards");
        }
        SecretsMintCommand.print("rotated", new SecretsHttp(target.serverUrl(), target.bearerToken())
                .post("/api/v1/authkeys/rotate", Map.of("path", path, "reason", reason)));
        return 0;
    }
}

package dev.tailtalos.cli.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "mint", mixinStandardHelpOptions = true,
        description = {"Mints a Tailscale auth key (reusable, not ephemeral, preauthorized, tag:k8s-node, 90 days) with",
                "the OAuth client kept in custody at tailscale/oauth-client, and stores it as a new version.",
                "The key itself is not printed: only its id and expiry."})
public class SecretsMintCommand implements Callable<Integer> {
    @Mixin
    SecretsTarget target;

    @Parameters(index = "0", defaultValue = "tailscale/authkey", description = "Custody path (default ${DEFAULT-VALUE}).")
    String path;

    @Option(names = "--api-url", defaultValue = "https://api.tailscale.com",
            description = "Tailscale API (local keystore mode only; default ${DEFAULT-VALUE}).")
    String apiUrl;

    @Override
    public Integer call() {
        return CliErrors.run(this::execute);
    }

    private Integer execute() throws Exception {
        JsonNode status = target.remote()
                ? new SecretsHttp(target.serverUrl(), target.bearerToken()).post("/api/v1/authkeys/mint", Map.of("path", path))
                : new ObjectMapper().valueToTree(LocalLifecycle.open(target.openLocal(), apiUrl).mint(path));
        print("minted", status);
        return 0;
    }

    static void print(String what, JsonNode s) {
        System.out.println(what + " " + s.path("path").asText() + " version " + s.path("version").asLong() + ": key "
                + s.path("keyId").asText() + ", expires " + s.path("expires").asText()
                + (s.path("pendingRollout").asText().isEmpty() ? ""
                : "; rollout " + s.path("pendingRollout").asText() + " requested, key " + s.path("pendingRevocationOf").asText()
                + " is revoked when it completes"));
    }

}

package dev.tailtalos.cli.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailtalos.secrets.domain.Custody;
import dev.tailtalos.secrets.domain.authkeys.AuthKeyLifecycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Stores a secret in custody as a new version. Field values come from stdin, one line per",
                "--field in order (default field: value), or from --from-file for a single field. Examples:",
                "  echo \"$TS_AUTHKEY\" | tailtalos secrets import tailscale/authkey --keystore ks.enc --key-file ks.key",
                "  tailtalos secrets import sops/age --field identity --from-file keys.txt --server URL --token-file F"})
public class SecretsImportCommand implements Callable<Integer> {
    @Mixin
    SecretsTarget target;

    @Parameters(index = "0", description = "Custody path, e.g. tailscale/authkey, tailscale/oauth-client, sops/age.")
    String path;

    @Option(names = "--field", description = "Field name(s) to read, in order (default: value).")
    List<String> fields = new ArrayList<>();

    @Option(names = "--from-file", description = "Read the (single) field's value from this file, whole.")
    Path fromFile;

    @Option(names = "--expires", description = "For an auth key: when it expires (RFC 3339, e.g. 2027-01-01T00:00:00Z).")
    String expires;

    @Override
    public Integer call() {
        return CliErrors.run(this::execute);
    }

    private Integer execute() throws Exception {
        List<String> names = fields.isEmpty() ? List.of("value") : fields;
        Map<String, String> values = new LinkedHashMap<>();
        if (fromFile != null) {
            if (names.size() != 1) {
                throw new IllegalArgumentException("--from-file fills exactly one --field");
            }
            values.put(names.get(0), Files.readString(fromFile, StandardCharsets.UTF_8));
        } else {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String name : names) {
                String line = in.readLine();
                if (line == null || line.isBlank()) {
                    throw new IllegalArgumentException("no value on stdin for field '" + name + "' (one line per field)");
                }
                values.put(name, line.strip());
            }
        }
        if (target.remote()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("path", path);
            body.put("fields", values);
            if (expires != null) {
                body.put("expires", expires);
            }
            JsonNode answer = new SecretsHttp(target.serverUrl(), target.bearerToken()).post("/api/v1/secrets/import", body);
            System.out.println("imported " + path + " version " + answer.path("version").asLong() + " (fields "
                    + answer.path("fields") + ")");
            return 0;
        }
        Custody custody = target.openLocal();
        long version;
        if (path.equals("tailscale/authkey") && values.keySet().equals(java.util.Set.of("value"))) {
            AuthKeyLifecycle lifecycle = LocalLifecycle.open(custody, "https://api.tailscale.com");
            version = lifecycle.importKey(path, values.get("value"), expires == null ? null : Instant.parse(expires)).version();
        } else {
            version = custody.writeIfVersion(path, values, custody.currentVersion(path));
        }
        System.out.println("imported " + path + " version " + version + " (fields " + values.keySet() + ")");
        return 0;
    }
}

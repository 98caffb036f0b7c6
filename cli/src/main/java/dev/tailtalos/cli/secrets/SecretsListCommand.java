package dev.tailtalos.cli.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists secrets in custody: path, version, field names and time of the latest version (no values).")
public class SecretsListCommand implements Callable<Integer> {
    @Mixin
    SecretsTarget target;

    @Option(names = "--output", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    String output;

    @Override
    public Integer call() {
        return CliErrors.run(this::execute);
    }

    private Integer execute() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode listing = target.remote()
                ? new SecretsHttp(target.serverUrl(), target.bearerToken()).get("/api/v1/secrets")
                : json.valueToTree(target.openLocal().list());
        if ("json".equals(output)) {
            System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(listing));
            return 0;
        }
        System.out.printf("%-36s %7s  %-24s  %s%n", "PATH", "VERSION", "UPDATED", "FIELDS");
        for (JsonNode s : listing) {
            System.out.printf("%-36s %7d  %-24s  %s%n", s.path("path").asText(), s.path("version").asLong(),
                    s.path("updatedAt").asText(), String.join(",", json.convertValue(s.path("fields"), String[].class)));
        }
        return 0;
    }

}

package dev.tailtalos.cli.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.cli.secrets.SopsVaultFromEnvironment;
import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.config.adapters.AgeSopsDecryptor;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.config.adapters.TalosConfigSchemas;
import dev.tailtalos.config.domain.BundleBinder;
import dev.tailtalos.config.domain.ConfigDiff;
import dev.tailtalos.config.domain.ConfigProblem;
import dev.tailtalos.config.domain.ConfigValidationException;
import dev.tailtalos.config.domain.LintFinding;
import dev.tailtalos.config.domain.LintPolicy;
import dev.tailtalos.config.domain.MachineConfigRenderer;
import dev.tailtalos.config.domain.RenderPipeline;
import dev.tailtalos.config.domain.RenderedNode;
import dev.tailtalos.config.domain.SecretUse;
import dev.tailtalos.config.domain.SecretsBundle;
import dev.tailtalos.config.domain.SopsDecryptor;
import dev.tailtalos.config.domain.TalconfigLoader;
import dev.tailtalos.config.domain.TalosSecretsGenerator;
import dev.tailtalos.config.domain.TalosconfigBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render every node's machine config like talhelper genconfig: <clusterName>-<hostname>.yaml (or filenameTmpl)"
                + " per node (mode 0600, directory 0700) and a talosconfig, secrets filled from the bundle.",
                "SOPS-encrypted env, secrets and patch files are decrypted in this process with the age identities"
                        + " from SOPS_AGE_KEY_FILE / SOPS_AGE_KEY (as sops reads them; hc_vault keys with VAULT_TOKEN).",
                "Refuses the whole cluster on any error in talconfig.yaml, env files or patches; lint findings are printed"
                        + " as warnings and do not refuse it (--strict: lint errors and Talos config schema violations do).",
                "--diff writes nothing and shows per node what would change: against the files in --out, or with"
                        + " --bootstrap-servers against each node's last sealed config in the event chain (opened with"
                        + " the sealing key the deployer uses; secrets shown as custody:// or sops-env:// references,"
                        + " values from SOPS-encrypted patches masked; nodes never sealed are listed as new)."})
public class RenderCommand implements Callable<Integer> {

    static final List<String> SECRET_FILES = List.of("talsecret.yaml", "talsecret.sops.yaml", "talsecret.yml",
            "talsecret.sops.yml");

    @Parameters(index = "0", description = "the cluster repo (directory holding talconfig.yaml)")
    Path dir;

    /** The process environment: env substitution and the SOPS age identities (SOPS_AGE_KEY_FILE, SOPS_AGE_KEY). */
    private final Map<String, String> environment;

    public RenderCommand() {
        this(System.getenv());
    }

    public RenderCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Option(names = "--out", description = "output directory (default: <dir>/clusterconfig)")
    Path out;

    @Option(names = "--secrets", description = "secrets bundle (default: the last existing of " +
            "talsecret.yaml, talsecret.sops.yaml, talsecret.yml, talsecret.sops.yml in <dir>)")
    Path secrets;

    @Option(names = "--node", description = "only this node (hostname or IP)")
    String node;

    @Option(names = "--strict",
            description = "unknown keys, lint errors and documents outside the Talos config schema of their line refuse"
                    + " the render")
    boolean strict;

    @Option(names = "--diff", description = "show per node what would change against the files in --out (or, with"
            + " --bootstrap-servers, against the last sealed config in the event chain); write nothing")
    boolean diff;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "with --diff: compare with the last sealed config of each node on these Kafka brokers"
                    + " (topic " + dev.tailtalos.common.events.Topics.CONFIG_SEALED + ")")
    String bootstrapServers;

    @Option(names = "--seal-key-file", paramLabel = "FILE", description = "with --bootstrap-servers: the sealing key"
            + " that opens sealed configs, as the deployer has it (the demo's: <data-dir>/keys/seal.key;"
            + " default: $TAILTALOS_SEAL_KEY_FILE)")
    Path sealKeyFile;

    @Option(names = "--seal-vault-transit", paramLabel = "MOUNT/KEY", description = "with --bootstrap-servers: open"
            + " sealed configs with this Vault transit key instead (VAULT_ADDR and VAULT_TOKEN from the environment)")
    String sealVaultTransit;

    @Option(names = "--kafka-timeout", paramLabel = "DURATION", defaultValue = "PT15S",
            description = "with --bootstrap-servers: how long to wait for Kafka (default ${DEFAULT-VALUE})")
    java.time.Duration kafkaTimeout;

    @Option(names = "--no-gitignore", description = "do not create or update <out>/.gitignore (by default every"
            + " generated file and talosconfig is added to it unless already ignored, as talhelper does)")
    boolean noGitignore;

    @Option(names = "--output", description = "text or json (default: ${DEFAULT-VALUE})")
    Output.Format output = Output.Format.text;

    @Override
    public Integer call() throws IOException {
        dir = RepoDirectory.of(dir);
        SopsDecryptor sops = AgeSopsDecryptor.fromEnvironment(environment, new SopsVaultFromEnvironment());
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            return chainDiff(sops);
        }
        Yaml yaml = new Yaml();
        Path outDir = out != null ? out : dir.resolve("clusterconfig");
        RenderPipeline.Result result;
        try {
            TalosConfigSchemas schemas = new TalosConfigSchemas();
            result = new RenderPipeline(new TalconfigLoader(yaml, sops, strict),
                    new MachineConfigRenderer(yaml, sops, schemas), schemas, strict ? LintPolicy.STRICT : LintPolicy.INFORM)
                    .run(dir, environment, Map.of());
        } catch (ConfigValidationException e) {
            return refuse(e.problems());
        }
        List<String> warnings = new ArrayList<>();
        result.repo().warnings().forEach(w -> warnings.add(w.toString()));
        // like talhelper, a standalone render only reports lint findings (--strict refuses on errors)
        result.findings().forEach(f -> warnings.add(f.toString()));
        SecretsBundle bundle;
        try {
            bundle = bundle(yaml, result, outDir, warnings, sops);
        } catch (ConfigValidationException e) {
            return refuse(e.problems());
        }
        List<RenderedNode> nodes = result.cluster().nodes().stream()
                .filter(n -> node == null || n.hostname().equals(node) || n.addresses().contains(node)).toList();
        if (nodes.isEmpty()) {
            return refuse(List.of(ConfigProblem.error("talconfig.yaml", 0, "nodes",
                    "node with IP or hostname " + node + " not found")));
        }
        BundleBinder binder = new BundleBinder(bundle);
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, String> hostnames = new LinkedHashMap<>();
        for (RenderedNode rendered : nodes) {
            hostnames.put(rendered.fileName(), rendered.hostname());
            var bound = binder.bind(rendered.documents());
            for (SecretUse unbound : BundleBinder.unbound(bound)) {
                warnings.add("WARNING node " + rendered.hostname() + " " + unbound.usedAt() + ": " + unbound.uri()
                        + " is left as a reference; secrets-service binds it during a rollout");
            }
            files.put(rendered.fileName(), yaml.write(bound));
        }
        if (diff) {
            return printDiff(outDir, files, binder, warnings);
        }
        List<String> ignored = result.cluster().nodes().stream().map(RenderedNode::fileName)
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        ignored.add("talosconfig");
        return write(outDir, files, hostnames, noGitignore ? List.of() : ignored, result, bundle, warnings);
    }

    private int chainDiff(SopsDecryptor sops) {
        try {
            if (!diff) {
                throw new ChainException("--bootstrap-servers compares with the event chain and needs --diff", 2);
            }
            Path keyFile = sealKeyFile;
            if (keyFile == null && sealVaultTransit == null && environment.get("TAILTALOS_SEAL_KEY_FILE") != null) {
                keyFile = Path.of(environment.get("TAILTALOS_SEAL_KEY_FILE"));
            }
            ChainUnsealer unsealer = ChainUnsealer.open(keyFile, sealVaultTransit, environment);
            return new ChainDiff(dir, environment, sops, strict, node, output, bootstrapServers, kafkaTimeout, unsealer,
                    System.out, System.err).run();
        } catch (ChainException e) {
            if (output == Output.Format.json) {
                Output.print(System.out, Output.JSON.createObjectNode().put("ok", false).put("error", e.getMessage()));
            } else {
                System.err.println("render --diff: " + e.getMessage());
            }
            return e.exitCode();
        }
    }

    private SecretsBundle bundle(Yaml yaml, RenderPipeline.Result result, Path outDir, List<String> warnings,
                                 SopsDecryptor sops) throws IOException {
        Path file = secrets;
        if (file == null) {
            for (String name : SECRET_FILES) {
                if (Files.isRegularFile(dir.resolve(name))) {
                    file = dir.resolve(name);
                }
            }
        }
        if (file == null) {
            warnings.add("WARNING no secrets bundle found (" + String.join(", ", SECRET_FILES)
                    + "); generated a fresh one" + (diff ? "" : " in " + outDir.resolve("talsecret.yaml"))
                    + ": keep it, every node config depends on it");
            SecretsBundle fresh = new TalosSecretsGenerator().generate();
            if (!diff) {
                writePrivate(outDir, "talsecret.yaml", yaml.write(fresh.toTree()));
            }
            return fresh;
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(file.toString(), 0, "", "secrets file not found")));
        }
        return SecretsBundle.parse(yaml, file.toString(), Files.readString(file), result.repo().env(), sops);
    }

    /** @param hostnames per file, the node it configures (talhelper prints "generated config for HOST in PATH") */
    private int write(Path outDir, Map<String, String> files, Map<String, String> hostnames, List<String> ignored,
                      RenderPipeline.Result result, SecretsBundle bundle, List<String> warnings) throws IOException {
        ArrayNode written = Output.JSON.createArrayNode();
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = writePrivate(outDir, file.getKey(), file.getValue());
            written.add(path.toString());
            if (output == Output.Format.text) {
                System.out.println("generated config for " + hostnames.get(file.getKey()) + " in " + path);
            }
        }
        Path talosconfig = outDir.resolve("talosconfig");
        TalosConfig config = TalosconfigBuilder.build(result.repo().config(), bundle, TalosconfigBuilder.DEFAULT_CLIENT_TTL);
        config.write(talosconfig);
        if (!ignored.isEmpty()) {
            GitignoreFile.append(outDir, ignored);
        }
        if (output == Output.Format.json) {
            ObjectNode json = Output.JSON.createObjectNode();
            json.set("files", written);
            json.put("talosconfig", talosconfig.toString());
            if (!ignored.isEmpty()) {
                json.put("gitignore", outDir.resolve(".gitignore").toString());
            }
            json.set("warnings", Output.JSON.valueToTree(warnings));
            Output.print(System.out, json);
        } else {
            System.out.println("generated client config in " + talosconfig);
            if (!ignored.isEmpty()) {
                System.out.println("generated .gitignore file in " + outDir.resolve(".gitignore"));
            }
            warnings.forEach(System.err::println);
        }
        return 0;
    }

    private int printDiff(Path outDir, Map<String, String> files, BundleBinder binder, List<String> warnings)
            throws IOException {
        ArrayNode nodes = Output.JSON.createArrayNode();
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path existing = outDir.resolve(file.getKey());
            String before = Files.isRegularFile(existing) ? binder.unbind(Files.readString(existing)) : null;
            List<String> lines = ConfigDiff.unified(file.getKey(), before, binder.unbind(file.getValue()));
            if (output == Output.Format.json) {
                nodes.addObject().put("file", file.getKey()).put("changed", !lines.isEmpty())
                        .put("diff", String.join("\n", lines));
            } else if (lines.isEmpty()) {
                System.out.println(file.getKey() + ": no change");
            } else {
                lines.forEach(System.out::println);
            }
        }
        if (output == Output.Format.json) {
            ObjectNode json = Output.JSON.createObjectNode();
            json.set("nodes", nodes);
            json.set("warnings", Output.JSON.valueToTree(warnings));
            Output.print(System.out, json);
        } else {
            warnings.forEach(System.err::println);
        }
        return 0;
    }

    private int refuse(List<ConfigProblem> problems) {
        if (output == Output.Format.json) {
            ObjectNode json = Output.JSON.createObjectNode().put("ok", false);
            json.set("problems", Output.problems(problems));
            Output.print(System.out, json);
        } else {
            System.err.println("render refused, nothing written:");
            Output.printProblems(System.err, problems);
        }
        return 1;
    }

    /** Writes atomically with mode 0600 in a directory created with mode 0700. */
    static Path writePrivate(Path outDir, String name, String content) throws IOException {
        if (!Files.isDirectory(outDir)) {
            Files.createDirectories(outDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path target = outDir.resolve(name);
        if (!Files.isDirectory(target.getParent())) {
            // filenameTmpl may name a subdirectory (talhelper creates it too)
            Files.createDirectories(target.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target;
    }
}

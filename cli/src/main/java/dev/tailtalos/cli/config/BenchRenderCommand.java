package dev.tailtalos.cli.config;

import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.common.yaml.YamlLimits;
import dev.tailtalos.config.adapters.TalosConfigSchemas;
import dev.tailtalos.config.domain.BundleBinder;
import dev.tailtalos.config.domain.MachineConfigRenderer;
import dev.tailtalos.config.domain.RenderPipeline;
import dev.tailtalos.config.domain.RenderedNode;
import dev.tailtalos.config.domain.SecretsBundle;
import dev.tailtalos.config.domain.SopsDecryptor;
import dev.tailtalos.config.domain.TalconfigLoader;
import dev.tailtalos.config.domain.TalosSecretsGenerator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Renders a synthetic cluster of N nodes (3 control planes, the rest workers; tailscale schematic, extension
 * services, file and inline patches) end to end with secrets bound, and, where talhelper is installed, runs
 * {@code talhelper genconfig --offline-mode} on the same repo and bundle in the same run.
 */
@Command(name = "render", mixinStandardHelpOptions = true, description = "Benchmark rendering N nodes (default 1000).")
public class BenchRenderCommand implements Callable<Integer> {

    @Option(names = "--nodes", description = "nodes to render (default: ${DEFAULT-VALUE})")
    int nodes = 1000;

    @Option(names = "--talos-version", description = "(default: ${DEFAULT-VALUE})")
    String talosVersion = "v1.10.4";

    @Option(names = "--rounds", description = "timed rounds after one warm-up (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(names = "--talhelper", description = "talhelper binary (default: talhelper on PATH)")
    String talhelper;

    @Override
    public Integer call() throws Exception {
        Path repo = Files.createTempDirectory("tailtalos-bench");
        try {
            writeRepo(repo);
            Yaml yaml = new Yaml(new YamlLimits(YamlLimits.DEFAULT.maxBytes() * 4, YamlLimits.DEFAULT.maxDepth(),
                    YamlLimits.DEFAULT.maxAliases(), YamlLimits.DEFAULT.maxNodes() * 4));
            SecretsBundle bundle = new TalosSecretsGenerator().generate();
            Files.writeString(repo.resolve("talsecret.yaml"), yaml.write(bundle.toTree()));
            TalosConfigSchemas schemas = new TalosConfigSchemas();
            RenderPipeline pipeline = new RenderPipeline(new TalconfigLoader(yaml, SopsDecryptor.NONE, false),
                    new MachineConfigRenderer(yaml, SopsDecryptor.NONE, schemas), schemas,
                    dev.tailtalos.config.domain.LintPolicy.STRICT);
            System.out.printf("rendering %d nodes (Talos %s), %d round(s) after a warm-up%n", nodes, talosVersion, rounds);
            renderOnce(pipeline, repo, bundle, yaml);
            long best = Long.MAX_VALUE;
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                int rendered = renderOnce(pipeline, repo, bundle, yaml);
                long elapsed = System.nanoTime() - start;
                best = Math.min(best, elapsed);
                System.out.printf("  round %d: %d configs in %.0f ms%n", i + 1, rendered, elapsed / 1e6);
            }
            double seconds = best / 1e9;
            System.out.printf("tailtalos: %.0f configs/s, %.3f ms per node (best round, load+render+schema check+lint+bind+serialise)%n",
                    nodes / seconds, best / 1e6 / nodes);
            String binary = talhelper != null ? talhelper : onPath("talhelper");
            if (binary == null) {
                System.out.println("talhelper: not installed, no comparison");
                return 0;
            }
            ProcessBuilder builder = new ProcessBuilder(binary, "genconfig", "--offline-mode", "--no-gitignore",
                    "-s", "talsecret.yaml", "-o", "th-out")
                    .directory(repo.toFile()).redirectErrorStream(true)
                    .redirectOutput(repo.resolve("talhelper.log").toFile());
            builder.environment().put("TALOS_VERSION", talosVersion);
            Process process = builder.start();
            long start = System.nanoTime();
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                List<String> log = Files.readAllLines(repo.resolve("talhelper.log"));
                System.out.println("talhelper: failed: " + String.join("\n", log.subList(Math.max(0, log.size() - 5), log.size())));
                return 1;
            }
            long talhelperNanos = System.nanoTime() - start;
            System.out.printf("talhelper: %.0f configs/s, %.3f ms per node (one run, including writing files)%n",
                    nodes / (talhelperNanos / 1e9), talhelperNanos / 1e6 / nodes);
            System.out.printf("ratio: tailtalos is %.1fx talhelper's throughput%n", (double) talhelperNanos / best);
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(repo)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private int renderOnce(RenderPipeline pipeline, Path repo, SecretsBundle bundle, Yaml yaml) {
        RenderPipeline.Result result = pipeline.run(repo, Map.of("TALOS_VERSION", talosVersion), Map.of());
        BundleBinder binder = new BundleBinder(bundle);
        int count = 0;
        for (RenderedNode node : result.cluster().nodes()) {
            count += yaml.write(binder.bind(node.documents())).isEmpty() ? 0 : 1;
        }
        return count;
    }

    private void writeRepo(Path repo) throws Exception {
        Files.createDirectories(repo.resolve("patches"));
        Files.writeString(repo.resolve("patches/kubelet.yaml"), """
                machine:
                  kubelet:
                    nodeIP:
                      validSubnets: [10.0.0.0/8, "!100.64.0.0/10"]
                """);
        Files.writeString(repo.resolve("patches/etcd.yaml"), """
                cluster:
                  etcd:
                    advertisedSubnets: [10.0.0.0/8, "!100.64.0.0/10"]
                """);
        StringBuilder talconfig = new StringBuilder("""
                clusterName: bench
                talosVersion: ${TALOS_VERSION}
                kubernetesVersion: v1.33.1
                endpoint: https://10.0.0.1:6443
                patches:
                  - "@./patches/kubelet.yaml"
                controlPlane:
                  patches: ["@./patches/etcd.yaml"]
                  schematic: {customization: {systemExtensions: {officialExtensions: [siderolabs/tailscale]}}}
                  extensionServices:
                    - name: tailscale
                      environment: [TS_AUTHKEY=custody://tailscale/authkey, TS_STATE_DIR=/var/lib/tailscale, TS_AUTH_ONCE=true]
                worker:
                  schematic: {customization: {systemExtensions: {officialExtensions: [siderolabs/tailscale]}}}
                  nodeLabels: {role: worker}
                  extensionServices:
                    - name: tailscale
                      environment: [TS_AUTHKEY=custody://tailscale/authkey, TS_STATE_DIR=/var/lib/tailscale, TS_AUTH_ONCE=true]
                  patches:
                    - |
                      machine:
                        sysctls:
                          vm.max_map_count: "262144"
                nodes:
                """);
        for (int i = 0; i < nodes; i++) {
            talconfig.append("  - hostname: n").append(i).append('\n')
                    .append("    ipAddress: 10.").append(i / 65536 % 256).append('.').append(i / 256 % 256).append('.')
                    .append(i % 256 + 0).append('\n')
                    .append("    installDisk: /dev/sda\n")
                    .append(i < 3 ? "    controlPlane: true\n" : "");
        }
        Files.writeString(repo.resolve("talconfig.yaml"), talconfig.toString());
    }

    private static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

}

package dev.tailtalos.cli.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.config.domain.ConfigDiff;
import dev.tailtalos.config.domain.ConfigProblem;
import dev.tailtalos.config.domain.ConfigValidationException;
import dev.tailtalos.config.domain.MachineConfigRenderer;
import dev.tailtalos.config.domain.RenderPipeline;
import dev.tailtalos.config.domain.RenderedNode;
import dev.tailtalos.config.domain.SopsDecryptor;
import dev.tailtalos.config.domain.TalconfigLoader;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code tailtalos render --diff --bootstrap-servers …}: per node, what a rollout of the repo would change against the
 * node's last sealed config in the event chain. Both sides are compared in the chain's reference form
 * ({@link ReferenceForm}): secrets appear as their custody:// or sops-env:// references, values from SOPS-encrypted
 * patches masked. The sealed config is opened in memory only.
 */
final class ChainDiff {

    private static final dev.tailtalos.config.adapters.TalosConfigSchemas SCHEMAS =
            new dev.tailtalos.config.adapters.TalosConfigSchemas();
    private final Yaml yaml = new Yaml();
    private final Path dir;
    private final Map<String, String> environment;
    private final SopsDecryptor sops;
    private final boolean strict;
    private final String node;
    private final Output.Format output;
    private final String bootstrapServers;
    private final Duration timeout;
    private final ChainUnsealer unsealer;
    private final PrintStream out;
    private final PrintStream err;

    ChainDiff(Path dir, Map<String, String> environment, SopsDecryptor sops, boolean strict, String node,
              Output.Format output, String bootstrapServers, Duration timeout, ChainUnsealer unsealer, PrintStream out,
              PrintStream err) {
        this.dir = dir;
        this.environment = environment;
        this.sops = sops;
        this.strict = strict;
        this.node = node;
        this.output = output;
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        this.unsealer = unsealer;
        this.out = out;
        this.err = err;
    }

    /** The outcome for one node. */
    private record NodeDiff(String file, String nodeId, String status, ChainSnapshot.SealedConfig sealed,
                            List<String> lines) {
    }

    int run() {
        ChainSnapshot chain = ChainSnapshot.read(bootstrapServers, timeout);
        boolean[] decrypted = {false};
        SopsDecryptor recording = new SopsDecryptor() {
            @Override
            public String decrypt(String file, String encryptedText) {
                decrypted[0] = true;
                return sops.decrypt(file, encryptedText);
            }

            @Override
            public boolean available() {
                return sops.available();
            }
        };
        RenderPipeline.Result full;
        try {
            full = new RenderPipeline(new TalconfigLoader(yaml, recording, strict), new MachineConfigRenderer(yaml,
                    recording, SCHEMAS)).run(dir, environment, chain.tailnetSans());
        } catch (ConfigValidationException e) {
            return refuse("render refused, nothing compared:", e.problems());
        }
        RenderPipeline.Result references = full;
        if (decrypted[0]) {
            // what config-service renders without SOPS keys: the reference form of the new config
            try {
                references = new RenderPipeline(new TalconfigLoader(yaml, SopsDecryptor.NONE, strict),
                        new MachineConfigRenderer(yaml, SopsDecryptor.NONE, SCHEMAS)).run(dir, environment,
                        chain.tailnetSans());
            } catch (ConfigValidationException e) {
                return refuse("a rollout of this repo would be refused by config-service (it holds no SOPS keys):",
                        e.problems());
            }
        }
        List<String> warnings = new ArrayList<>();
        full.repo().warnings().forEach(w -> warnings.add(w.toString()));
        full.findings().forEach(f -> warnings.add(f.toString()));
        if (chain.unreadable() > 0) {
            warnings.add("WARNING " + chain.unreadable() + " records on the chain's topics could not be read and were skipped");
        }
        List<Integer> selected = new ArrayList<>();
        List<RenderedNode> nodes = full.cluster().nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (node == null || nodes.get(i).hostname().equals(node) || nodes.get(i).addresses().contains(node)) {
                selected.add(i);
            }
        }
        if (selected.isEmpty()) {
            return refuse("render refused, nothing compared:", List.of(ConfigProblem.error("talconfig.yaml", 0, "nodes",
                    "node with IP or hostname " + node + " not found")));
        }
        if (selected.stream().noneMatch(i -> chain.sealed().containsKey(nodes.get(i).hostname()))) {
            throw new ChainException("no sealed config for " + (node != null ? "node " + node : "any node of cluster "
                    + full.cluster().clusterName()) + " in " + Topics.CONFIG_SEALED + " on Kafka at " + bootstrapServers
                    + ": nothing has been rolled out there yet (a rollout would configure every node from scratch);"
                    + " leave out --bootstrap-servers to compare with the files in --out");
        }
        List<NodeDiff> diffs = new ArrayList<>();
        for (int i : selected) {
            diffs.add(diff(nodes.get(i), references.cluster().nodes().get(i),
                    chain.sealed().get(nodes.get(i).hostname()), warnings));
        }
        Set<String> elsewhere = new TreeSet<>(chain.sealed().keySet());
        nodes.forEach(n -> elsewhere.remove(n.hostname()));
        if (node == null && !elsewhere.isEmpty()) {
            warnings.add("WARNING the chain has sealed configs for nodes that are not in the repo (not compared): "
                    + String.join(", ", elsewhere));
        }
        print(diffs, warnings);
        return 0;
    }

    private NodeDiff diff(RenderedNode full, RenderedNode references, ChainSnapshot.SealedConfig sealed,
                          List<String> warnings) {
        String file = full.fileName();
        List<ObjectNode> renderedForm = ReferenceForm.of(full.documents(), references.documents());
        String after = ReferenceForm.scrub(yaml.write(renderedForm));
        if (sealed == null) {
            return new NodeDiff(file, full.hostname(), "new", null, ConfigDiff.unified(file, null, after));
        }
        List<ObjectNode> sealedDocs = yaml.readObjects("sealed config of " + full.hostname(), unsealer.open(sealed));
        List<ObjectNode> sealedForm;
        if (sealed.renderedTemplate() != null) {
            sealedForm = ReferenceForm.of(sealedDocs, yaml.readObjects("config.rendered of " + full.hostname(),
                    sealed.renderedTemplate()));
        } else {
            warnings.add("WARNING node " + full.hostname() + ": the config.rendered event its sealed config came from"
                    + " (rollout " + sealed.rolloutId() + ") is no longer on " + Topics.CONFIG_RENDERED
                    + "; sealed values that differ from the new render are not shown");
            sealedForm = ReferenceForm.againstRendered(sealedDocs, renderedForm);
        }
        String before = ReferenceForm.scrub(yaml.write(sealedForm));
        List<String> lines = ConfigDiff.unified(file, before, after);
        return new NodeDiff(file, full.hostname(), lines.isEmpty() ? "unchanged" : "changed", sealed, lines);
    }

    private void print(List<NodeDiff> diffs, List<String> warnings) {
        if (output == Output.Format.json) {
            ObjectNode json = Output.JSON.createObjectNode();
            json.put("comparedWith", Topics.CONFIG_SEALED).put("bootstrapServers", bootstrapServers);
            ArrayNode array = json.putArray("nodes");
            for (NodeDiff d : diffs) {
                ObjectNode entry = array.addObject().put("node", d.nodeId()).put("file", d.file())
                        .put("status", d.status()).put("changed", !d.status().equals("unchanged"));
                if (d.sealed() != null) {
                    entry.put("sealedInRollout", d.sealed().rolloutId()).put("sealedDigest", d.sealed().configDigest())
                            .put("sealedAt", d.sealed().sealedAt().toString());
                }
                entry.put("diff", String.join("\n", d.lines()));
            }
            json.set("warnings", Output.JSON.valueToTree(warnings));
            Output.print(out, json);
            return;
        }
        for (NodeDiff d : diffs) {
            switch (d.status()) {
                case "new" -> out.println(d.file() + ": new node (no sealed config yet)");
                case "unchanged" -> out.println(d.file() + ": no change against " + sealedIn(d));
                default -> out.println(d.file() + ": changes against " + sealedIn(d));
            }
            d.lines().forEach(out::println);
        }
        warnings.forEach(err::println);
    }

    private static String sealedIn(NodeDiff d) {
        return "the config sealed in rollout " + d.sealed().rolloutId() + " (digest "
                + d.sealed().configDigest().substring(0, Math.min(12, d.sealed().configDigest().length())) + ")";
    }

    private int refuse(String heading, List<ConfigProblem> problems) {
        if (output == Output.Format.json) {
            ObjectNode json = Output.JSON.createObjectNode().put("ok", false);
            json.set("problems", Output.problems(problems));
            Output.print(out, json);
        } else {
            err.println(heading);
            Output.printProblems(err, problems);
        }
        return 1;
    }
}

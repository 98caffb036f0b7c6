package dev.tailtalos.config.domain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Load → render → lint, as both the event chain and {@code tailtalos render} run it. A repo with load, render or lint
 * errors is refused as a whole: nothing is returned for any node.
 */
public final class RenderPipeline {

    private final TalconfigLoader loader;
    private final MachineConfigRenderer renderer;
    private final ConfigSchema schema;
    private final boolean strictSchema;

    public RenderPipeline(TalconfigLoader loader, MachineConfigRenderer renderer) {
        this(loader, renderer, ConfigSchema.NONE, false);
    }

    /**
     * @param strictSchema schema violations refuse the repo; otherwise they are warnings (Talos still decodes
     *                     deprecated fields its schema no longer lists, such as machine.network on v1.13)
     */
    public RenderPipeline(TalconfigLoader loader, MachineConfigRenderer renderer, ConfigSchema schema,
                          boolean strictSchema) {
        this.loader = loader;
        this.renderer = renderer;
        this.schema = schema;
        this.strictSchema = strictSchema;
    }

    /** @param schemaWarnings documents that do not pass the Talos config schema of their line (never under strict) */
    public record Result(LoadedTalconfig repo, RenderedCluster cluster, List<LintFinding> findings,
                         List<ConfigProblem> schemaWarnings) {
        public Result {
            findings = List.copyOf(findings);
            schemaWarnings = List.copyOf(schemaWarnings);
        }
    }

    /**
     * @param tailnetSans per hostname, observed tailnet IPs and MagicDNS names
     * @throws ConfigValidationException with every error (lint errors as {@code [rule] message Fix: ...})
     */
    public Result run(Path repoDir, Map<String, String> env, Map<String, List<String>> tailnetSans) {
        LoadedTalconfig repo = loader.load(repoDir, env);
        RenderedCluster cluster = renderer.render(repo, tailnetSans);
        List<ConfigProblem> schemaProblems = checkSchema(cluster);
        if (strictSchema && !schemaProblems.isEmpty()) {
            throw new ConfigValidationException(schemaProblems);
        }
        List<LintFinding> findings = TailscaleLint.lint(repo, cluster);
        if (findings.stream().anyMatch(LintFinding::isError)) {
            List<ConfigProblem> problems = new ArrayList<>();
            for (LintFinding finding : findings) {
                if (finding.isError()) {
                    problems.add(ConfigProblem.error(finding.file(), 0, finding.field(),
                            "[" + finding.rule() + "] " + finding.message() + ". Fix: " + finding.fix()));
                }
            }
            throw new ConfigValidationException(problems);
        }
        return new Result(repo, cluster, findings, schemaProblems.stream().map(ConfigProblem::asWarning).toList());
    }

    private List<ConfigProblem> checkSchema(RenderedCluster cluster) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (RenderedNode node : cluster.nodes()) {
            problems.addAll(schema.check(node.fileName(),
                    TalosContract.of(node.talosVersion()), node.documents()));
        }
        return problems;
    }
}

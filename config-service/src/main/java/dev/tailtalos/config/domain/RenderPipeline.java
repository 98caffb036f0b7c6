package dev.tailtalos.config.domain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Load → render → schema check → lint, as both the event chain and {@code tailtalos render} run it. Load and render
 * errors refuse the repo as a whole (nothing is returned for any node); lint findings and schema violations refuse it
 * only where the {@link LintPolicy} says so (a standalone render informs, {@code --strict} and rollouts decide).
 */
public final class RenderPipeline {

    private final TalconfigLoader loader;
    private final MachineConfigRenderer renderer;
    private final ConfigSchema schema;
    private final Function<Path, LintPolicy> policy;

    /** Without a schema check, with the repo's rollout lint policy (tailtalos.yaml, else the rollout default). */
    public RenderPipeline(TalconfigLoader loader, MachineConfigRenderer renderer) {
        this(loader, renderer, ConfigSchema.NONE, dir -> LintPolicyFile.load(loader.yaml(), dir));
    }

    public RenderPipeline(TalconfigLoader loader, MachineConfigRenderer renderer, ConfigSchema schema,
                          LintPolicy policy) {
        this(loader, renderer, schema, dir -> policy);
    }

    /** @param policy per repo directory, which findings refuse the render (e.g. read from its tailtalos.yaml) */
    public RenderPipeline(TalconfigLoader loader, MachineConfigRenderer renderer, ConfigSchema schema,
                          Function<Path, LintPolicy> policy) {
        this.loader = loader;
        this.renderer = renderer;
        this.schema = schema;
        this.policy = policy;
    }

    /** The rollout pipeline: the lint policy comes from each repo's tailtalos.yaml. */
    public static RenderPipeline forRollouts(TalconfigLoader loader, MachineConfigRenderer renderer,
                                             ConfigSchema schema) {
        return new RenderPipeline(loader, renderer, schema, dir -> LintPolicyFile.load(loader.yaml(), dir));
    }

    /**
     * @param findings       every lint finding the policy did not ignore, schema violations as rule talos-schema
     * @param warnings       the findings let through as warnings
     * @param schemaWarnings documents that do not pass the Talos config schema of their line and did not block
     */
    public record Result(LoadedTalconfig repo, RenderedCluster cluster, List<LintFinding> findings,
                         List<LintFinding> warnings, List<ConfigProblem> schemaWarnings) {
        public Result {
            findings = List.copyOf(findings);
            warnings = List.copyOf(warnings);
            schemaWarnings = List.copyOf(schemaWarnings);
        }
    }

    /**
     * @param tailnetSans per hostname, observed tailnet IPs and MagicDNS names
     * @throws ConfigValidationException with every error (blocking lint findings as {@code [rule] message Fix: ...})
     */
    public Result run(Path repoDir, Map<String, String> env, Map<String, List<String>> tailnetSans) {
        LintPolicy lintPolicy = policy.apply(repoDir);
        LoadedTalconfig repo = loader.load(repoDir, env);
        RenderedCluster cluster = renderer.render(repo, tailnetSans);
        List<ConfigProblem> schemaProblems = checkSchema(cluster);
        List<LintFinding> findings = new ArrayList<>(TailscaleLint.lint(repo, cluster));
        schemaProblems.forEach(p -> findings.add(LintRules.schemaFinding(p.asWarning())));
        LintPolicy.Verdict verdict = lintPolicy.judge(findings);
        if (!verdict.blocking().isEmpty()) {
            throw new ConfigValidationException(verdict.problems());
        }
        List<LintFinding> kept = findings.stream().filter(f -> !lintPolicy.ignore().contains(f.rule())).toList();
        List<ConfigProblem> schemaWarnings = schemaProblems.stream().map(ConfigProblem::asWarning)
                .filter(p -> !lintPolicy.ignore().contains(LintRules.schemaFinding(p).rule())).toList();
        return new Result(repo, cluster, kept, verdict.warnings(), schemaWarnings);
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

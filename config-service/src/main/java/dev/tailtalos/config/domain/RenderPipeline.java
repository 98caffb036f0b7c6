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

    public RenderPipeline(TalconfigLoader loader, MachineConfigRenderer renderer) {
        this.loader = loader;
        this.renderer = renderer;
    }

    public record Result(LoadedTalconfig repo, RenderedCluster cluster, List<LintFinding> findings) {
        public Result {
            findings = List.copyOf(findings);
        }
    }

    /**
     * @param tailnetSans per hostname, observed tailnet IPs and MagicDNS names
     * @throws ConfigValidationException with every error (lint errors as {@code [rule] message Fix: ...})
     */
    public Result run(Path repoDir, Map<String, String> env, Map<String, List<String>> tailnetSans) {
        LoadedTalconfig repo = loader.load(repoDir, env);
        RenderedCluster cluster = renderer.render(repo, tailnetSans);
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
        return new Result(repo, cluster, findings);
    }
}

package dev.tailtalos.cli.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.config.adapters.TalosConfigSchemas;
import dev.tailtalos.config.domain.ConfigProblem;
import dev.tailtalos.config.domain.ConfigValidationException;
import dev.tailtalos.config.domain.LintFinding;
import dev.tailtalos.config.domain.LintPolicyFile;
import dev.tailtalos.config.domain.LintRules;
import dev.tailtalos.config.domain.LoadedTalconfig;
import dev.tailtalos.config.domain.MachineConfigRenderer;
import dev.tailtalos.config.domain.RenderedCluster;
import dev.tailtalos.config.domain.RenderedNode;
import dev.tailtalos.config.domain.SopsDecryptor;
import dev.tailtalos.config.domain.TailscaleLint;
import dev.tailtalos.config.domain.TalconfigLoader;
import dev.tailtalos.config.domain.TalosContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Check a cluster repo: talhelper's validation, rendering, and the Tailscale-on-Talos pitfalls.",
                "Prints file, field, rule and how to fix each finding; exits 1 when there are errors."})
public class LintCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the cluster repo (directory holding talconfig.yaml)")
    Path dir;

    @Option(names = "--strict",
            description = "unknown keys and documents outside the Talos config schema of their line are errors")
    boolean strict;

    @Option(names = "--output", description = "text or json (default: ${DEFAULT-VALUE})")
    Output.Format output = Output.Format.text;

    @Override
    public Integer call() {
        dir = RepoDirectory.of(dir);
        List<LintFinding> findings = new ArrayList<>();
        Yaml yaml = new Yaml();
        try {
            SopsDecryptor sops = dev.tailtalos.config.adapters.AgeSopsDecryptor.fromEnvironment(System.getenv(),
                    new dev.tailtalos.cli.secrets.SopsVaultFromEnvironment());
            LoadedTalconfig repo = new TalconfigLoader(yaml, sops, strict).load(dir, System.getenv());
            repo.warnings().forEach(w -> findings.add(asFinding(w)));
            LintPolicyFile.load(yaml, dir);
            TalosConfigSchemas schemas = new TalosConfigSchemas();
            RenderedCluster cluster = new MachineConfigRenderer(yaml, sops, schemas).render(repo, Map.of());
            findings.addAll(TailscaleLint.lint(repo, cluster));
            for (RenderedNode node : cluster.nodes()) {
                schemas.check(node.fileName(),
                                TalosContract.of(node.talosVersion()), node.documents())
                        .forEach(p -> findings.add(LintRules.schemaFinding(strict ? p : p.asWarning())));
            }
        } catch (ConfigValidationException e) {
            e.problems().forEach(p -> findings.add(asFinding(p)));
        }
        boolean errors = findings.stream().anyMatch(LintFinding::isError);
        if (output == Output.Format.json) {
            ObjectNode json = Output.JSON.createObjectNode().put("ok", !errors);
            json.set("findings", Output.findings(findings));
            Output.print(System.out, json);
        } else if (findings.isEmpty()) {
            System.out.println("no findings");
        } else {
            Output.printFindings(System.out, findings);
        }
        return errors ? 1 : 0;
    }

    private static LintFinding asFinding(ConfigProblem p) {
        String file = p.file() + (p.line() > 0 ? ":" + p.line() : "");
        String fix = p.message().contains("Fix: ") ? p.message().substring(p.message().indexOf("Fix: ") + 5)
                : "correct " + (p.field().isEmpty() ? "the file" : p.field()) + " as described";
        return new LintFinding(p.severity() == ConfigProblem.Severity.ERROR ? LintFinding.Severity.ERROR
                : LintFinding.Severity.WARNING, file, p.field(), "talconfig", p.message(), fix);
    }
}

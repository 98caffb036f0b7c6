package dev.tailtalos.cli.audit;

import dev.tailtalos.common.audit.AuditFileVerifier;
import dev.tailtalos.common.audit.AuditFileVerifier.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks an export offline: every record's hash, every chain's sequence and links, the order and",
                "the closing checkpoint. Exit 0 when intact, 1 naming the first bad record when anything was edited,",
                "removed, reordered or inserted, 2 when FILE cannot be read."})
public class AuditVerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "An export written by 'tailtalos audit export'.")
    Path file;

    @Option(names = "--all", description = "List every problem, not just the first.")
    boolean all;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (one object: intact, records, problems).")
    String output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(file)) {
            spec.commandLine().getErr().println("audit verify: " + file + ": no such file");
            return 2;
        }
        if (!output.equals("text") && !output.equals("json")) {
            spec.commandLine().getErr().println("audit verify: --output: '" + output + "' is not text or json");
            return 2;
        }
        AuditFileVerifier.Report report = AuditFileVerifier.verify(file);
        if (output.equals("json")) {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                    .put("file", file.toString()).put("intact", report.intact()).put("records", report.records())
                    .put("second_writer_only", report.onlySecondWriters());
            var problems = json.putArray("problems");
            report.problems().stream().limit(all ? Long.MAX_VALUE : 1).forEach(p -> problems.addObject()
                    .put("line", p.line()).put("record", p.record()).put("kind", String.valueOf(p.kind()))
                    .put("message", p.message()));
            json.put("problem_count", report.problems().size());
            out.println(json.toPrettyString());
            out.flush();
            return report.intact() ? 0 : 1;
        }
        if (report.intact()) {
            out.println(file + ": intact: " + report.records() + " record(s), every chain and the checkpoint verify");
            return 0;
        }
        Problem first = report.firstProblem();
        if (report.onlySecondWriters()) {
            out.println(file + ": FORKED BY A SECOND WRITER (no record edited, removed or forged): first at " + first);
        } else {
            out.println(file + ": TAMPERED: first bad record at " + first);
        }
        if (all) {
            report.problems().stream().skip(1).forEach(p -> out.println("  also " + p));
        } else if (report.problems().size() > 1) {
            out.println("  (" + (report.problems().size() - 1) + " more problem(s); --all lists them)");
        }
        return 1;
    }
}

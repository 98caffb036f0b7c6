package dev.tailtalos.cli.audit;

import dev.tailtalos.common.audit.AuditExport;
import dev.tailtalos.common.audit.AuditFileVerifier;
import dev.tailtalos.proto.events.v1.AuditRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the whole audit log to FILE as JSON Lines: one record per line (protobuf JSON), ordered",
                "by producer then sequence, closed by a checkpoint line naming every chain's head. Check it later",
                "with 'tailtalos audit verify FILE'."})
public class AuditExportCommand implements Callable<Integer> {
    @Mixin
    AuditSource source;

    @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the export (replaced if it exists).")
    Path file;

    @picocli.CommandLine.Option(names = {"-o", "--output"}, defaultValue = "text",
            description = "text or json (file, records, intact, first_problem).")
    String output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path parent = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(parent, ".audit-export-", ".tmp");
        try {
            if (source.fromKafka()) {
                List<AuditRecord> all = source.all();
                AuditExport.write(all, tmp, Instant.now());
            } else {
                try (InputStream in = source.export()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            AuditFileVerifier.Report report = AuditFileVerifier.verify(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (output.equals("json")) {
                spec.commandLine().getOut().println(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                        .put("file", file.toString()).put("records", report.records()).put("source", source.describe())
                        .put("intact", report.intact())
                        .put("first_problem", report.intact() ? "" : String.valueOf(report.firstProblem())).toPrettyString());
                return 0;
            }
            spec.commandLine().getOut().println("exported " + report.records() + " audit record(s) from "
                    + source.describe() + " to " + file);
            if (!report.intact()) {
                spec.commandLine().getErr().println("note: the log itself has a broken chain — " + report.firstProblem()
                        + " (" + report.problems().size() + " problem(s) in all; 'tailtalos audit verify " + file
                        + "' lists them)");
            }
            return 0;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

package dev.tailtalos.cli.audit;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"The tamper-evident audit log: read it from the monitor's API or straight from Kafka, export it",
                "as JSON Lines, and verify an export offline."},
        subcommands = {AuditTailCommand.class, AuditSearchCommand.class, AuditExportCommand.class, AuditVerifyCommand.class})
public class AuditCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

package dev.tailtalos.cli.audit;

import dev.tailtalos.common.audit.AuditQuery;
import dev.tailtalos.proto.events.v1.AuditRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Audit records matching every given filter (the latest --limit of them, oldest first).")
public class AuditSearchCommand implements Callable<Integer> {
    @Mixin
    AuditSource source;

    @Option(names = "--rollout", description = "Rollout id.")
    String rollout;

    @Option(names = "--node", description = "Node id (hostname).")
    String node;

    @Option(names = "--actor", description = "Who acted (user or service).")
    String actor;

    @Option(names = "--action", description = "Action, exactly, or a prefix ending in '*' (e.g. 'node.*').")
    String action;

    @Option(names = "--producer", description = "Service whose chain holds the record.")
    String producer;

    @Option(names = "--since", description = "Only records at or after this ISO-8601 instant.")
    Instant since;

    @Option(names = "--until", description = "Only records before this ISO-8601 instant.")
    Instant until;

    @Option(names = "--limit", defaultValue = "500", description = "At most this many (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (JSON Lines).")
    String output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AuditQuery query;
        try {
            query = new AuditQuery(rollout, node, actor, action, producer, since, until);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("audit search: " + e.getMessage());
            return 2;
        }
        if (limit < 1) {
            spec.commandLine().getErr().println("audit search: --limit must be at least 1");
            return 2;
        }
        List<AuditRecord> records = source.search(query, limit);
        records.forEach(r -> AuditOutput.print(spec.commandLine().getOut(), r, output));
        if (!"json".equals(output)) {
            spec.commandLine().getErr().println(records.size() + " record(s) from " + source.describe());
        }
        return 0;
    }
}

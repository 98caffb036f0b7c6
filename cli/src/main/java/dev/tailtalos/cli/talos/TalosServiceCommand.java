package dev.tailtalos.cli.talos;

import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.proto.talos.machine.ServiceEvent;
import dev.tailtalos.proto.talos.machine.ServiceInfo;
import dev.tailtalos.proto.talos.machine.ServiceList;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "service", aliases = "services", mixinStandardHelpOptions = true,
        description = {"Lists services, shows one (status) or restarts/starts/stops it (talosctl service).",
                "Usage: service [<id> [status|restart|start|stop]]"})
public class TalosServiceCommand implements Callable<Integer> {

    @Mixin
    TalosOptions options;

    @Parameters(index = "0", arity = "0..1", description = "Service id, e.g. ext-tailscale.")
    String id;

    @Parameters(index = "1", arity = "0..1", defaultValue = "status", description = "status, restart, start or stop.")
    String action;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        TalosConfig.Context context = options.talosContext();
        if (id != null && !action.equals("status")) {
            Table table = new Table("NODE", "RESPONSE");
            int code = PerNode.run(options, err, node -> {
                try (TalosClient client = options.client(context, node)) {
                    String response = switch (action) {
                        case "restart" -> client.serviceRestart(id).getResp();
                        case "start" -> client.serviceStart(id).getResp();
                        case "stop" -> client.serviceStop(id).getResp();
                        default -> throw new IllegalArgumentException("unknown action \"" + action
                                + "\" (status, restart, start or stop)");
                    };
                    table.row(node, response);
                }
            });
            table.print(out);
            return code;
        }
        Table table = new Table("NODE", "SERVICE", "STATE", "HEALTH", "LAST CHANGE", "LAST EVENT");
        int code = PerNode.run(options, err, node -> {
            try (TalosClient client = options.client(context, node)) {
                ServiceList list = client.serviceList();
                String name = list.getMetadata().getHostname().isEmpty() ? node : list.getMetadata().getHostname();
                for (ServiceInfo service : list.getServicesList()) {
                    if (id != null && !service.getId().equals(id)) {
                        continue;
                    }
                    if (id != null) {
                        printStatus(name, service);
                    } else {
                        table.row(name, service.getId(), service.getState(), health(service), lastChange(service),
                                lastEvent(service));
                    }
                }
            }
        });
        if (id == null) {
            table.print(out);
        }
        return code;
    }

    private void printStatus(String node, ServiceInfo service) {
        new Table("NODE", node).row("ID", service.getId()).row("STATE", service.getState())
                .row("HEALTH", health(service))
                .row("LAST HEALTH MESSAGE", service.getHealth().getLastMessage()).print(out);
        for (ServiceEvent event : service.getEvents().getEventsList()) {
            out.println("EVENTS   [" + event.getState() + "]: " + event.getMsg() + " (" + ago(event) + " ago)");
        }
    }

    static String health(ServiceInfo service) {
        return service.getHealth().getUnknown() ? "?" : service.getHealth().getHealthy() ? "OK" : "Fail";
    }

    private static String lastChange(ServiceInfo service) {
        int count = service.getEvents().getEventsCount();
        return count == 0 ? "" : ago(service.getEvents().getEvents(count - 1)) + " ago";
    }

    private static String lastEvent(ServiceInfo service) {
        int count = service.getEvents().getEventsCount();
        return count == 0 ? "" : service.getEvents().getEvents(count - 1).getMsg();
    }

    private static String ago(ServiceEvent event) {
        Duration age = Duration.between(Instant.ofEpochSecond(event.getTs().getSeconds(), event.getTs().getNanos()),
                Instant.now());
        long seconds = Math.max(0, age.getSeconds());
        return seconds >= 3600 ? seconds / 3600 + "h" + seconds % 3600 / 60 + "m"
                : seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
    }
}

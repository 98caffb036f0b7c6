package dev.tailtalos.monitor.adapters;

import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.monitor.domain.HealthVerdict;
import dev.tailtalos.monitor.domain.HealthVerdict.Check;
import dev.tailtalos.monitor.domain.NodeProbe;
import dev.tailtalos.monitor.domain.TailscaleExtension;
import dev.tailtalos.proto.cosi.Resource;
import dev.tailtalos.proto.talos.resource.definitions.extensions.Layer;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tailtalos.proto.talos.machine.ServiceInfo;
import dev.tailtalos.proto.talos.machine.ServiceList;
import dev.tailtalos.proto.talos.machine.Version;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Probes a node over mTLS: the Talos API answers Version, and apid, machined and ext-tailscale run healthy. */
public class TalosNodeProbe implements NodeProbe, AutoCloseable {
    static final List<String> REQUIRED_SERVICES = List.of("apid", "machined", "ext-tailscale");
    private final TalosCredentials credentials;
    private final DialPolicy dialPolicy;
    private final Map<String, TalosClient> clients = new ConcurrentHashMap<>();

    public TalosNodeProbe(TalosCredentials credentials, DialPolicy dialPolicy) {
        this.credentials = credentials;
        this.dialPolicy = dialPolicy;
    }

    @Override
    public HealthVerdict probe(String nodeId, String endpoint) {
        List<Check> checks = new ArrayList<>();
        TalosClient client = clients.computeIfAbsent(endpoint, ep -> TalosClient.connect(ep, credentials, dialPolicy));
        String tag = "";
        try {
            Version v = client.version();
            tag = v.getVersion().getTag();
            checks.add(Check.pass("talos-api", "lan", "Version " + tag + " over mTLS at " + endpoint));
        } catch (RuntimeException e) {
            checks.add(Check.fail("talos-api", "lan", e.getMessage(), "check that the node is up and " + endpoint
                    + " reachable; the talosconfig must be trusted by the node"));
            return new HealthVerdict(nodeId, checks, endpoint, tag);
        }
        try {
            ServiceList services = client.serviceList();
            for (String id : REQUIRED_SERVICES) {
                checks.add(serviceCheck(id, services.getServicesList().stream().filter(s -> s.getId().equals(id)).findFirst()));
            }
        } catch (RuntimeException e) {
            checks.add(Check.fail("services", "lan", e.getMessage(), ""));
        }
        checks.add(extensionCheck(client));
        return new HealthVerdict(nodeId, checks, endpoint, tag);
    }

    /** The tailscale extension in the node's image, from its ExtensionStatuses over COSI. */
    private static Check extensionCheck(TalosClient client) {
        List<TailscaleExtension.Installed> installed = new ArrayList<>();
        try {
            for (Resource resource : client.extensionStatuses()) {
                Layer layer = Layer.parseFrom(resource.getSpec().getProtoSpec());
                installed.add(new TailscaleExtension.Installed(layer.getMetadata().getName(),
                        layer.getMetadata().getVersion()));
            }
        } catch (InvalidProtocolBufferException e) {
            return Check.fail(TailscaleExtension.CHECK, "lan", "unreadable ExtensionStatus spec: " + e.getMessage(), "");
        } catch (RuntimeException e) {
            return Check.fail(TailscaleExtension.CHECK, "lan", "listing ExtensionStatuses failed: " + e.getMessage(),
                    "the talosconfig needs at least os:reader");
        }
        return TailscaleExtension.check(installed);
    }

    private static Check serviceCheck(String id, Optional<ServiceInfo> service) {
        String fix = id.equals("ext-tailscale")
                ? "check the tailscale ExtensionServiceConfig and its TS_AUTHKEY (talosctl logs ext-tailscale)" : "";
        if (service.isEmpty()) {
            return Check.fail(id, "lan", "service not present" + (id.equals("ext-tailscale")
                    ? ": the tailscale extension is not installed or not configured" : ""), id.equals("ext-tailscale")
                    ? "install siderolabs/tailscale in the schematic and add its ExtensionServiceConfig" : "");
        }
        ServiceInfo s = service.get();
        boolean ok = "Running".equals(s.getState()) && s.getHealth().getHealthy();
        String detail = s.getState() + (s.getHealth().getUnknown() ? ", health unknown"
                : s.getHealth().getHealthy() ? ", healthy" : ", unhealthy: " + s.getHealth().getLastMessage())
                + recentEvents(s);
        return ok ? Check.pass(id, "lan", detail) : Check.fail(id, "lan", detail, fix);
    }

    /** The service's last few events, newest last, e.g. "; events: Starting, Running". */
    private static String recentEvents(ServiceInfo s) {
        var events = s.getEvents().getEventsList();
        if (events.isEmpty()) {
            return "";
        }
        return "; recent events: " + String.join(" → ", events.subList(Math.max(0, events.size() - 3), events.size())
                .stream().map(e -> e.getState() + (e.getMsg().isEmpty() ? "" : " (" + e.getMsg() + ")")).toList());
    }

    @Override
    public void close() {
        clients.values().forEach(TalosClient::close);
    }
}

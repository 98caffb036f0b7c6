package dev.tailtalos.sim;

import com.google.protobuf.ByteString;
import dev.tailtalos.proto.cosi.Resource;
import dev.tailtalos.proto.talos.common.NetIP;
import dev.tailtalos.proto.talos.resource.definitions.cluster.ControlPlane;
import dev.tailtalos.proto.talos.resource.definitions.cluster.MemberSpec;
import dev.tailtalos.proto.talos.resource.definitions.enums.MachineType;
import dev.tailtalos.proto.talos.resource.definitions.k8s.NodenameSpec;
import dev.tailtalos.proto.talos.resource.definitions.secrets.CertSANSpec;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.util.IPAddress;

/**
 * Who the node is: cluster Members (every configured node of the same cluster name in this simulator, as discovery
 * would report them), the API CertSANs (what the served certificate names) and the Kubernetes Nodename.
 */
final class NodeIdentityResources {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private NodeIdentityResources() {
    }

    static List<Resource> members(List<NodeView> cluster, Instant created) {
        List<Resource> members = new ArrayList<>();
        for (NodeView view : cluster) {
            List<String> addresses = new ArrayList<>();
            addresses.add(view.spec().bindAddress());
            addresses.addAll(view.spec().extraAddresses());
            if (view.tailnetDevice() != null) {
                addresses.add(view.tailnetDevice().address());
            }
            List<String> distinct = addresses.stream().distinct().toList();
            boolean controlPlane = !view.machineType().equals("worker");
            MemberSpec.Builder spec = MemberSpec.newBuilder().setNodeId(nodeId(view)).setHostname(view.hostname())
                    .setMachineType(machineType(view.machineType()))
                    .setOperatingSystem("Talos (" + view.talosVersion() + ")");
            distinct.forEach(address -> spec.addAddresses(netIp(address)));
            Map<String, Object> yaml = new LinkedHashMap<>();
            yaml.put("nodeId", nodeId(view));
            yaml.put("addresses", distinct);
            yaml.put("hostname", view.hostname());
            yaml.put("machineType", view.machineType());
            yaml.put("operatingSystem", "Talos (" + view.talosVersion() + ")");
            if (controlPlane) {
                spec.setControlPlane(ControlPlane.newBuilder().setApiServerPort(6443));
                yaml.put("controlPlane", Map.of("apiServerPort", 6443));
            }
            members.add(NodeResources.resource(ResourceTypes.CLUSTER_NAMESPACE, ResourceTypes.MEMBERS, view.hostname(),
                    view.configVersion(), "cluster.MemberController", created, spec.build(), NodeResources.yaml(yaml)));
        }
        return members;
    }

    /** id {@code api}: the addresses and names of the certificate the node serves on its API, fqdn = hostname. */
    static List<Resource> certSans(NodeView node, Instant created) {
        List<String> ips = node.servedSans().stream().filter(IPAddress::isValid).sorted().toList();
        List<String> dns = node.servedSans().stream().filter(san -> !IPAddress.isValid(san)).sorted().toList();
        CertSANSpec.Builder spec = CertSANSpec.newBuilder().addAllDnsNames(dns).setFqdn(node.hostname());
        ips.forEach(ip -> spec.addIPs(netIp(ip)));
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("ips", ips);
        yaml.put("dnsNames", dns);
        yaml.put("fqdn", node.hostname());
        return List.of(NodeResources.resource(ResourceTypes.SECRETS_NAMESPACE, ResourceTypes.CERT_SANS, "api",
                Math.max(1, node.configVersion()), "secrets.CertSANController", created, spec.build(),
                NodeResources.yaml(yaml)));
    }

    static List<Resource> nodename(NodeView node, Instant created) {
        if (node.config() == null) {
            return List.of();
        }
        NodenameSpec spec = NodenameSpec.newBuilder().setNodename(node.hostname()).setHostnameVersion("1").build();
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("nodename", node.hostname());
        yaml.put("hostnameVersion", "1");
        yaml.put("skipNodeRegistration", false);
        return List.of(NodeResources.resource(ResourceTypes.K8S_NAMESPACE, ResourceTypes.NODENAMES, "nodename",
                node.configVersion(), "k8s.NodenameController", created, spec, NodeResources.yaml(yaml)));
    }

    private static MachineType machineType(String type) {
        return switch (type) {
            case "worker" -> MachineType.TYPE_WORKER;
            case "controlplane" -> MachineType.TYPE_CONTROL_PLANE;
            case "init" -> MachineType.TYPE_INIT;
            default -> MachineType.TYPE_UNKNOWN;
        };
    }

    /** A stable 43-character base62 node identity (Talos' NodeIdentity is 32 random bytes in base62). */
    private static String nodeId(NodeView view) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((view.spec().hostname() + "/"
                    + view.spec().bindAddress()).getBytes(StandardCharsets.UTF_8));
            BigInteger value = new BigInteger(1, digest);
            StringBuilder id = new StringBuilder();
            BigInteger base = BigInteger.valueOf(62);
            while (id.length() < 43) {
                BigInteger[] division = value.divideAndRemainder(base);
                id.append(BASE62.charAt(division[1].intValue()));
                value = division[0];
            }
            return id.reverse().toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NetIP netIp(String address) {
        try {
            return NetIP.newBuilder().setIp(ByteString.copyFrom(InetAddress.getByName(address).getAddress())).build();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an IP literal: " + address, e);
        }
    }
}

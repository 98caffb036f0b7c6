package dev.tailtalos.sim;

import dev.tailtalos.proto.talos.machine.EtcdMember;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The etcd cluster a simulated control plane reports: one voting member per configured control-plane node of the
 * same cluster, peer and client URLs on its LAN address (2380, 2379), ids stable per node. No etcd runs.
 */
final class EtcdMembership {

    private EtcdMembership() {
    }

    static List<EtcdMember> members(List<NodeView> cluster) {
        return cluster.stream().filter(NodeView::controlPlane).map(EtcdMembership::member).toList();
    }

    private static EtcdMember member(NodeView node) {
        String address = node.spec().bindAddress();
        String host = address.contains(":") ? "[" + address + "]" : address;
        return EtcdMember.newBuilder().setId(id(node)).setHostname(node.hostname())
                .addPeerUrls("https://" + host + ":2380").addClientUrls("https://" + host + ":2379")
                .setIsLearner(false).build();
    }

    private static long id(NodeView node) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(node.spec().bindAddress().getBytes(StandardCharsets.UTF_8));
            long id = 0;
            for (int i = 0; i < 8; i++) {
                id = (id << 8) | (digest[i] & 0xFF);
            }
            return id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

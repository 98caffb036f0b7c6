package dev.tailtalos.cli.mtu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A path-MTU black hole built from network namespaces (root only): the test's own namespace reaches a node namespace
 * directly ("LAN", MTU 1500 everywhere) and through a hop namespace whose link towards the client has a lower MTU and
 * drops the ICMP "fragmentation needed" it would send back ("tailnet"). Endpoints on both sides keep MTU 1500, so TCP
 * sends full-size segments that the hop can neither forward nor report: small exchanges pass, bulk transfers stall.
 */
final class NetnsLab implements AutoCloseable {
    static final int HOP_MTU = 1400;

    final String hop;
    final String node;
    final String lanAddress;
    final String tailnetAddress;
    private final String net;
    private final String lanVeth;
    private final String tailnetVeth;
    private boolean dropping;

    private NetnsLab(int id) {
        this.hop = "ttl-hop-" + id;
        this.node = "ttl-node-" + id;
        this.net = "10." + (100 + id % 100);
        this.lanVeth = "ttlL" + id;
        this.tailnetVeth = "ttlT" + id;
        this.lanAddress = net + ".1.2";
        this.tailnetAddress = net + ".3.2";
    }

    /** Fails (never skips) when not root or when ip, iptables/nft are missing: the lab needs them. */
    static NetnsLab create() throws Exception {
        String user = run(false, "id", "-u").strip();
        if (!user.equals("0")) {
            throw new AssertionError("the path-MTU lab needs root (network namespaces, veth, iptables); uid is " + user);
        }
        NetnsLab lab = new NetnsLab((int) (ProcessHandle.current().pid() % 10000));
        try {
            lab.build();
        } catch (Exception | AssertionError e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build() throws Exception {
        run(true, "ip", "netns", "add", hop);
        run(true, "ip", "netns", "add", node);
        run(true, "ip", "-n", node, "link", "set", "lo", "up");
        run(true, "ip", "-n", hop, "link", "set", "lo", "up");
        // LAN: test namespace <-> node, MTU 1500
        run(true, "ip", "link", "add", lanVeth, "type", "veth", "peer", "name", "lan0", "netns", node);
        run(true, "ip", "addr", "add", net + ".1.1/24", "dev", lanVeth);
        run(true, "ip", "link", "set", lanVeth, "up");
        run(true, "ip", "-n", node, "addr", "add", lanAddress + "/24", "dev", "lan0");
        run(true, "ip", "-n", node, "link", "set", "lan0", "up");
        // tailnet: test namespace <-> hop (the hop's side has the low MTU) <-> node
        run(true, "ip", "link", "add", tailnetVeth, "type", "veth", "peer", "name", "ts0", "netns", hop);
        run(true, "ip", "addr", "add", net + ".2.1/24", "dev", tailnetVeth);
        run(true, "ip", "link", "set", tailnetVeth, "up");
        run(true, "ip", "-n", hop, "addr", "add", net + ".2.2/24", "dev", "ts0");
        run(true, "ip", "-n", hop, "link", "set", "ts0", "mtu", Integer.toString(HOP_MTU), "up");
        run(true, "ip", "-n", hop, "link", "add", "ts1", "type", "veth", "peer", "name", "ts1", "netns", node);
        run(true, "ip", "-n", hop, "addr", "add", net + ".3.1/24", "dev", "ts1");
        run(true, "ip", "-n", hop, "link", "set", "ts1", "up");
        run(true, "ip", "-n", node, "addr", "add", tailnetAddress + "/24", "dev", "ts1");
        run(true, "ip", "-n", node, "link", "set", "ts1", "up");
        run(true, "ip", "-n", node, "route", "add", net + ".2.0/24", "via", net + ".3.1");
        run(true, "ip", "route", "add", net + ".3.0/24", "via", net + ".2.2");
        run(true, "ip", "netns", "exec", hop, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        // no black-hole detection on the sender (the Linux default), so nothing recovers from the dropped ICMP
        run(true, "ip", "netns", "exec", node, "sysctl", "-qw", "net.ipv4.tcp_mtu_probing=0");
        dropFragmentationNeeded(true);
    }

    /** Drops (or stops dropping) the ICMP "fragmentation needed" the hop generates. */
    void dropFragmentationNeeded(boolean drop) throws Exception {
        if (drop == dropping) {
            return;
        }
        if (onPath("iptables")) {
            run(true, "ip", "netns", "exec", hop, "iptables", drop ? "-A" : "-D", "OUTPUT", "-p", "icmp",
                    "--icmp-type", "fragmentation-needed", "-j", "DROP");
        } else if (onPath("nft")) {
            if (drop) {
                run(true, "ip", "netns", "exec", hop, "nft", "add table ip ttl; add chain ip ttl out { type filter"
                        + " hook output priority 0; }; add rule ip ttl out icmp type destination-unreachable icmp code"
                        + " frag-needed drop");
            } else {
                run(true, "ip", "netns", "exec", hop, "nft", "delete table ip ttl");
            }
        } else {
            throw new AssertionError("neither iptables nor nft is installed (apt-get install iptables nftables)");
        }
        dropping = drop;
    }

    /** A command line that runs {@code command} inside the node namespace. */
    List<String> inNode(List<String> command) {
        List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", node));
        line.addAll(command);
        return line;
    }

    @Override
    public void close() throws Exception {
        for (List<String> cleanup : List.of(List.of("ip", "link", "del", lanVeth), List.of("ip", "link", "del",
                tailnetVeth), List.of("ip", "netns", "del", hop), List.of("ip", "netns", "del", node))) {
            run(false, cleanup.toArray(String[]::new));
        }
    }

    private static boolean onPath(String tool) throws Exception {
        return !run(false, "sh", "-c", "command -v " + tool + " || true").isBlank();
    }

    static String run(boolean check, String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not installed: " + e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        if (check && process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
        }
        return output;
    }
}

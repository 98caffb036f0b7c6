package dev.tailtalos.sim;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.bouncycastle.util.IPAddress;

/**
 * Starts N simulated nodes on consecutive loopback addresses and runs until stopped:
 * {@code --nodes N --base-address 127.0.10.1 [--port P] --talosconfig-out FILE [--talos-version v1.10.4]}.
 */
public final class SimulatorMain {

    static final int DEFAULT_PORT = 50_000;

    public record Options(int nodes, String baseAddress, int port, Path talosconfigOut, String talosVersion) {
    }

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: SimulatorMain --nodes N --base-address 127.0.10.1 [--port P] "
                    + "--talosconfig-out FILE [--talos-version v1.10.4]");
            System.exit(2);
            return;
        }
        NodeSimulator simulator = new NodeSimulator(specs(options),
                dev.tailtalos.common.talos.pki.CertificateAuthority.generateOsCa(), options.talosVersion());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        simulator.start();
        simulator.writeTalosconfig(options.talosconfigOut(), "tailtalos-sim");
        printEndpoints(simulator, options, System.out);
        stopped.await();
    }

    static Options parse(String[] args) {
        Integer nodes = null;
        String base = null;
        int port = DEFAULT_PORT;
        Path out = null;
        String version = SimulatedNode.DEFAULT_TALOS_VERSION;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--nodes":
                    nodes = Integer.parseInt(value);
                    break;
                case "--base-address":
                    base = value;
                    break;
                case "--port":
                    port = Integer.parseInt(value);
                    break;
                case "--talosconfig-out":
                    out = Path.of(value);
                    break;
                case "--talos-version":
                    version = value;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (nodes == null || nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1");
        }
        if (base == null) {
            throw new IllegalArgumentException("--base-address is required");
        }
        if (out == null) {
            throw new IllegalArgumentException("--talosconfig-out is required");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port out of range: " + port);
        }
        return new Options(nodes, base, port, out, version);
    }

    /** Node i gets hostname {@code talos-sim-<i>} and the base address plus i-1; all must be IPv4 loopback. */
    public static List<NodeSpec> specs(Options options) {
        if (!IPAddress.isValidIPv4(options.baseAddress())) {
            throw new IllegalArgumentException("--base-address must be an IPv4 literal: " + options.baseAddress());
        }
        byte[] base = ipv4(options.baseAddress());
        long first = Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(base).getInt());
        List<NodeSpec> specs = new ArrayList<>();
        for (int i = 0; i < options.nodes(); i++) {
            String address = toIpv4(first + i);
            if (!address.startsWith("127.") && !NetworkNamespace.isOwn()) {
                throw new IllegalArgumentException("refusing non-loopback address " + address
                        + " (simulated nodes bind only to 127.0.0.0/8, or anywhere inside a network namespace of"
                        + " their own)");
            }
            specs.add(new NodeSpec("talos-sim-" + (i + 1), address, options.port()));
        }
        return specs;
    }

    public static void printEndpoints(NodeSimulator simulator, Options options, PrintStream out) {
        for (SimulatedNode node : simulator.nodes()) {
            out.println(node.hostname() + " " + node.endpoint());
        }
        out.println("talosconfig " + options.talosconfigOut().toAbsolutePath());
        out.flush();
    }

    private static byte[] ipv4(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address " + literal, e);
        }
    }

    private static String toIpv4(long value) {
        if (value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("address range overflows IPv4");
        }
        return ((value >> 24) & 0xFF) + "." + ((value >> 16) & 0xFF) + "." + ((value >> 8) & 0xFF) + "." + (value & 0xFF);
    }
}

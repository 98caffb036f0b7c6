package dev.tailtalos.common.talos;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.bouncycastle.util.IPAddress;

/**
 * Decides which addresses a client may connect to, before any packet is sent. IP literals are parsed
 * without DNS; under {@link #loopbackOnly()} a host name must be {@code localhost} or resolve only to
 * loopback addresses, and the resolved address is what gets dialed.
 */
public final class DialPolicy {

    private static final DialPolicy LOOPBACK_ONLY = new DialPolicy(true);
    private static final DialPolicy ANY = new DialPolicy(false);

    private final boolean loopbackOnly;

    private DialPolicy(boolean loopbackOnly) {
        this.loopbackOnly = loopbackOnly;
    }

    /** Only 127.0.0.0/8 and ::1. */
    public static DialPolicy loopbackOnly() {
        return LOOPBACK_ONLY;
    }

    public static DialPolicy any() {
        return ANY;
    }

    public boolean isLoopbackOnly() {
        return loopbackOnly;
    }

    /**
     * Checks the endpoint and returns the socket address to dial: resolved for IP literals and under
     * loopbackOnly, unresolved (left to the channel's resolver) for host names under any().
     */
    public InetSocketAddress check(TalosEndpoint endpoint) {
        String host = endpoint.host();
        InetAddress literal = parseLiteral(host);
        if (literal != null) {
            requireAllowed(host, literal);
            return new InetSocketAddress(literal, endpoint.port());
        }
        if (!loopbackOnly) {
            return InetSocketAddress.createUnresolved(host, endpoint.port());
        }
        if ("localhost".equalsIgnoreCase(host)) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.port());
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new DialRefusedException(host, "cannot resolve host name under policy loopbackOnly");
        }
        for (InetAddress address : addresses) {
            requireAllowed(host + " (" + address.getHostAddress() + ")", address);
        }
        return new InetSocketAddress(addresses[0], endpoint.port());
    }

    public InetSocketAddress check(String endpoint) {
        return check(TalosEndpoint.parse(endpoint));
    }

    /** Parses an IPv4/IPv6 literal without any name lookup; null when the text is not a literal. */
    static InetAddress parseLiteral(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IPAddress.isValidIPv4(bare) && !IPAddress.isValidIPv6(bare)) {
            return null;
        }
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private void requireAllowed(String shown, InetAddress address) {
        if (loopbackOnly && !address.isLoopbackAddress()) {
            throw new DialRefusedException(shown, "not a loopback address (dial policy loopbackOnly allows only "
                    + "127.0.0.0/8 and ::1)");
        }
    }

    @Override
    public String toString() {
        return loopbackOnly ? "DialPolicy[loopbackOnly]" : "DialPolicy[any]";
    }
}

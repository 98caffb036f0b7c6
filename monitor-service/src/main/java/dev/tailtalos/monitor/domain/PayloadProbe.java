package dev.tailtalos.monitor.domain;

import dev.tailtalos.monitor.domain.HealthVerdict.Check;

/**
 * Small calls working while a stream of a few MB stalls is the signature of a path-MTU blackhole under WireGuard.
 * Compares a large transfer over the tailnet with the same transfer over the LAN.
 */
public final class PayloadProbe {
    /** Named so the deployer reads a failure as a path-MTU problem ("tailnet" prefix, contains "mtu"). */
    public static final String CHECK = "tailnet-mtu-large-payload";

    /** One transfer: bytes received, whether it completed, and the error if not. */
    public record Transfer(long bytes, boolean completed, String error, long millis) {
    }

    private PayloadProbe() {
    }

    public static Check judge(boolean smallCallOverTailnetOk, Transfer tailnet, Transfer lan, long expectedBytes) {
        if (tailnet.completed() && tailnet.bytes() >= expectedBytes) {
            return Check.pass(CHECK, "tailnet", tailnet.bytes() + " bytes streamed over the tailnet in " + tailnet.millis()
                    + " ms");
        }
        String over = "streamed " + tailnet.bytes() + (expectedBytes > 1 ? " of " + expectedBytes : "")
                + " bytes over the tailnet before "
                + (tailnet.error() == null ? "it stopped" : tailnet.error());
        if (smallCallOverTailnetOk && lan.completed()) {
            return Check.fail(CHECK, "tailnet", over + "; small calls work and the LAN streamed " + lan.bytes()
                            + " bytes: a path-MTU blackhole on the tailnet",
                    "set TS_DEBUG_MTU (e.g. TS_DEBUG_MTU=1200) in the tailscale ExtensionServiceConfig environment, "
                            + "or make data-heavy Talos calls over the LAN endpoint");
        }
        return Check.fail(CHECK, "tailnet", over + (lan.completed() ? "" : "; the LAN transfer failed too: "
                + lan.error()), "check the node: the large transfer fails regardless of path");
    }
}

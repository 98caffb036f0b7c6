package dev.tailtalos.config.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Talos config version contract (Talos machinery {@code config.VersionContract}) of a talosVersion: which defaults
 * and document shapes {@code talosctl gen config} produces for that line. tailtalos renders v1.8 to v1.13.
 */
public record TalosContract(int major, int minor) {

    public static final TalosContract OLDEST_SUPPORTED = new TalosContract(1, 8);
    public static final TalosContract NEWEST_SUPPORTED = new TalosContract(1, 13);
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(\\.\\d+)?(-[0-9A-Za-z.-]+)?");

    /** @throws IllegalArgumentException when the version is malformed or outside the supported lines */
    public static TalosContract of(String talosVersion) {
        Matcher matcher = VERSION.matcher(talosVersion == null ? "" : talosVersion.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("talosVersion \"" + talosVersion + "\" is not a Talos version like v1.10.4");
        }
        TalosContract contract = new TalosContract(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        if (!contract.atLeast(OLDEST_SUPPORTED.minor) || contract.greater(NEWEST_SUPPORTED.minor)) {
            throw new IllegalArgumentException("talosVersion " + talosVersion + " is outside the Talos lines tailtalos renders (v"
                    + OLDEST_SUPPORTED.major + "." + OLDEST_SUPPORTED.minor + " to v" + NEWEST_SUPPORTED.major + "."
                    + NEWEST_SUPPORTED.minor + ")");
        }
        return contract;
    }

    /** Contract strictly newer than v1.{@code minor}, as Talos's {@code Greater(TalosVersion1_N)}. */
    boolean greater(int otherMinor) {
        return major > 1 || minor > otherMinor;
    }

    boolean atLeast(int otherMinor) {
        return major > 1 || minor >= otherMinor;
    }

    /** ≥1.12: HostnameConfig / ResolverConfig / network documents instead of machine.network. */
    public boolean multidocNetwork() {
        return greater(11);
    }

    /** ≥1.12: no features.rbac / apidCheckExtKeyUsage, no apiServer.disablePodSecurityPolicy. */
    boolean hidesLegacyFlags() {
        return greater(11);
    }

    /** ≤1.11: the endpoint host is the first apiServer cert SAN. */
    boolean clusterSansFromEndpoint() {
        return !greater(11);
    }

    /** ≥1.12: install.grubUseUKICmdline defaults to true. */
    boolean grubUseUkiCmdline() {
        return greater(11);
    }

    /** ≤1.12: an (empty) machine.network is always generated. */
    boolean legacyNetworkSection() {
        return !greater(12);
    }

    /** ≥1.8: control planes carry node.kubernetes.io/exclude-from-external-load-balancers. */
    boolean excludeFromExternalLoadBalancer() {
        return greater(7);
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor;
    }
}

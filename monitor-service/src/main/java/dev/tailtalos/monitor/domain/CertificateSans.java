package dev.tailtalos.monitor.domain;

import dev.tailtalos.monitor.domain.HealthVerdict.Check;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Whether the certificate a node serves on its tailnet address names that address and its MagicDNS name. */
public final class CertificateSans {
    public static final String CHECK = "tailnet-cert-sans";

    private CertificateSans() {
    }

    /**
     * @param ipSans   the served certificate's IP SANs
     * @param dnsSans  its DNS SANs
     * @param address  the tailnet address dialed
     * @param dnsName  the node's MagicDNS name, or null when not known yet
     */
    public static Check check(List<String> ipSans, List<String> dnsSans, String address, String dnsName) {
        List<String> lacking = new ArrayList<>();
        if (!ipSans.contains(address)) {
            lacking.add(address);
        }
        String name = dnsName == null ? null : stripDot(dnsName).toLowerCase(Locale.ROOT);
        if (name != null && dnsSans.stream().map(s -> stripDot(s).toLowerCase(Locale.ROOT)).noneMatch(name::equals)) {
            lacking.add(name);
        }
        String served = "served SANs: IP " + ipSans + ", DNS " + dnsSans;
        if (lacking.isEmpty()) {
            return Check.pass(CHECK, "tailnet", "certificate names " + address + (name == null ? "" : " and " + name)
                    + (name == null ? " (MagicDNS name not known yet)" : ""));
        }
        return Check.fail(CHECK, "tailnet", "certificate lacks " + String.join(" and ", lacking) + "; " + served,
                "add " + String.join(", ", lacking) + " to machine.certSANs (config-service re-renders on node.observed; "
                        + "a rollout then re-issues the certificate)");
    }

    /** Whether a failed TLS call failed because the certificate does not name the dialed address (Go's wording). */
    public static boolean isNameMismatch(String failure) {
        return failure != null && (failure.contains("x509: certificate is valid for")
                || failure.contains("x509: certificate is not valid for any names"));
    }

    /**
     * A certificate that lacks an identity the monitor itself reported on node.observed less than {@code grace} ago is
     * being fixed by the self-healing loop (re-render, rollout): that is a WARN saying so, a FAIL once the grace is over.
     */
    public static Check healing(Check check, Instant observedAt, Instant now, Duration grace) {
        if (check.result() != HealthVerdict.Result.FAIL || observedAt == null
                || !now.isBefore(observedAt.plus(grace))) {
            return check;
        }
        return Check.warn(check.name(), check.path(), check.detail() + "; self-healing since " + observedAt
                        + ": node.observed was emitted, config-service re-renders certSANs and a rollout follows",
                "nothing yet: this fails if the certificate still lacks them at " + observedAt.plus(grace));
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}

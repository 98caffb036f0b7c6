package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Certificate SANs Talos would put into a certificate unchecked: an entry that is written like an IP address (digits
 * and dots, or with ':' or '/') must be one IP address, not a CIDR or an out-of-range address; anything else must be a
 * DNS name. Talos and talhelper accept such entries; the API server certificate then lacks the SAN.
 */
public final class CertSans {

    private static final Pattern IP_LIKE = Pattern.compile("[0-9.]+|.*[:/].*");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern DNS = Pattern.compile(
            "(\\*\\.)?([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");

    private CertSans() {
    }

    /** Why {@code value} is not a valid SAN, or null when it is one. */
    public static String problem(String value) {
        if (IP_LIKE.matcher(value).matches()) {
            if (value.contains("/")) {
                return "\"" + value + "\" is a CIDR; a certificate SAN is one IP address or DNS name";
            }
            return isIp(value) ? null : "\"" + value + "\" is not a valid IP address";
        }
        return DNS.matcher(value).matches() && value.length() <= 253 ? null
                : "\"" + value + "\" is neither an IP address nor a DNS name";
    }

    /** Problems in {@code machine.certSANs} and {@code cluster.apiServer.certSANs} of rendered documents. */
    public static List<ConfigProblem> check(String file, List<ObjectNode> documents) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (ObjectNode document : documents) {
            if (document.hasNonNull("kind")) {
                continue;
            }
            scan(file, document.path("machine").path("certSANs"), "machine.certSANs", problems);
            scan(file, document.path("cluster").path("apiServer").path("certSANs"), "cluster.apiServer.certSANs",
                    problems);
        }
        return problems;
    }

    private static void scan(String file, JsonNode sans, String field, List<ConfigProblem> problems) {
        for (int i = 0; i < sans.size(); i++) {
            String problem = problem(sans.get(i).asText());
            if (problem != null) {
                problems.add(ConfigProblem.error(file, 0, field + "[" + i + "]", problem));
            }
        }
    }

    private static boolean isIp(String value) {
        if (IPV4.matcher(value).matches()) {
            return true;
        }
        if (!value.contains(":") || !IPV6.matcher(value).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(value);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

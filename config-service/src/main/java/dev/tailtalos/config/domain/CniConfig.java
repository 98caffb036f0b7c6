package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.BiConsumer;

/**
 * Talos ValidateCNI on talhelper's {@code cniConfig} (name, urls, flannel{extraArgs, kubeNetworkPoliciesEnabled}).
 * talhelper turns Talos's warning (a custom CNI without urls) into an error as well.
 */
final class CniConfig {

    static final String FIELD = "cniConfig";

    private CniConfig() {
    }

    static void validate(JsonNode cni, BiConsumer<String, String> error) {
        if (cni == null || cni.isNull() || cni.isMissingNode()) {
            return;
        }
        if (!cni.isObject()) {
            error.accept(FIELD, "cniConfig is a mapping of name, urls and flannel");
            return;
        }
        String name = cni.path("name").asText("");
        JsonNode urls = cni.path("urls");
        JsonNode flannel = cni.path("flannel");
        switch (name) {
            case "flannel" -> noUrls(name, urls, error);
            case "none" -> {
                noUrls(name, urls, error);
                noFlannelSettings(name, flannel, error);
            }
            case "custom" -> {
                if (urls.isEmpty()) {
                    error.accept(FIELD + ".urls", "\"urls\" field should not be empty for \"custom\" CNI");
                }
                noFlannelSettings(name, flannel, error);
                for (int i = 0; i < urls.size(); i++) {
                    String problem = endpointProblem(urls.get(i).asText(""));
                    if (problem != null) {
                        error.accept(FIELD + ".urls[" + i + "]", problem + ": \"" + withoutUserInfo(urls.get(i).asText("")) + "\"");
                    }
                }
            }
            default -> error.accept(FIELD + ".name", "cni name should be one of [\"flannel\", \"custom\", \"none\"], got \""
                    + name + "\"");
        }
    }

    private static void noUrls(String name, JsonNode urls, BiConsumer<String, String> error) {
        if (!urls.isEmpty()) {
            error.accept(FIELD + ".urls", "\"urls\" field should be empty for \"" + name + "\" CNI");
        }
    }

    private static void noFlannelSettings(String name, JsonNode flannel, BiConsumer<String, String> error) {
        if (!flannel.path("extraArgs").isEmpty()) {
            error.accept(FIELD + ".flannel.extraArgs", "\"flanneldExtraArgs\" field should be empty for \"" + name + "\" CNI");
        }
        if (flannel.path("kubeNetworkPoliciesEnabled").asBoolean(false)) {
            error.accept(FIELD + ".flannel.kubeNetworkPoliciesEnabled",
                    "\"flannelKubeNetworkPoliciesEnabled\" should not be enabled for \"" + name + "\" CNI");
        }
    }

    /** siderolabs/net ValidateEndpointURI: a host, and a numeric port in range when one is given; null when fine. */
    static String endpointProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "invalid URL (" + e.getReason() + ")";
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            return "hostname must not be blank";
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        String host = hostPort;
        String port = "";
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            host = close < 0 ? hostPort : hostPort.substring(1, close);
            port = close >= 0 && hostPort.length() > close + 1 && hostPort.charAt(close + 1) == ':'
                    ? hostPort.substring(close + 2) : "";
        } else if (hostPort.chars().filter(c -> c == ':').count() > 1) {
            return "IPv6 addresses MUST be enclosed by square brackets";
        } else if (hostPort.contains(":")) {
            host = hostPort.substring(0, hostPort.indexOf(':'));
            port = hostPort.substring(hostPort.indexOf(':') + 1);
        }
        if (host.isEmpty()) {
            return "hostname must not be blank";
        }
        if (!port.isEmpty()) {
            if (!port.matches("[0-9]+")) {
                return "port number must be numeric";
            }
            long number = Long.parseLong(port.length() > 6 ? "999999" : port);
            if (number < 1 || number > 65535) {
                return "port number must be between 1 and 65535";
            }
        }
        return null;
    }

    /** A URL as errors may show it: credentials before {@code @} in the authority are masked. */
    static String withoutUserInfo(String url) {
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1***@");
    }
}

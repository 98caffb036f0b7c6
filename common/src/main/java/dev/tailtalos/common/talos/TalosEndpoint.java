package dev.tailtalos.common.talos;

/** host:port of a Talos API endpoint; the port defaults to 50000 (443 for https:// URLs) as in talosctl. */
public record TalosEndpoint(String host, int port) {

    public static final int DEFAULT_PORT = 50_000;

    public TalosEndpoint {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("endpoint host is empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("endpoint port out of range: " + port);
        }
    }

    public static TalosEndpoint parse(String endpoint) {
        String rest = endpoint.trim();
        int defaultPort = DEFAULT_PORT;
        if (rest.startsWith("https://")) {
            rest = rest.substring("https://".length());
            defaultPort = 443;
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unterminated IPv6 literal in endpoint " + endpoint);
            }
            String host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            return new TalosEndpoint(host, after.isEmpty() ? defaultPort : port(after.substring(1), endpoint));
        }
        int colon = rest.lastIndexOf(':');
        if (colon < 0 || rest.indexOf(':') != colon) {
            return new TalosEndpoint(rest, defaultPort);
        }
        return new TalosEndpoint(rest.substring(0, colon), port(rest.substring(colon + 1), endpoint));
    }

    /** The gRPC authority, which is also the name TLS verifies the server certificate against. */
    public String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return authority();
    }

    private static int port(String text, String endpoint) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in endpoint " + endpoint, e);
        }
    }
}

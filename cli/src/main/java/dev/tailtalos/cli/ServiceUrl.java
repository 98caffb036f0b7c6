package dev.tailtalos.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/** A service's base URL as given on the command line, checked before anything is sent. */
public final class ServiceUrl {

    private ServiceUrl() {
    }

    /**
     * @param value  what the user gave
     * @param source where it came from, for the message (e.g. {@code --deployer or TAILTALOS_DEPLOYER})
     * @return the URL with a trailing slash, ready for {@link URI#resolve(String)}
     * @throws IllegalArgumentException naming the value and its source when it is not an http(s) URL with a host
     */
    public static URI parse(String value, String source) {
        String text = value == null ? "" : value.strip();
        try {
            URI uri = new URI(text.endsWith("/") ? text : text + "/");
            if (Set.of("http", "https").contains(String.valueOf(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(source + ": '" + text + "' is not an http(s) URL with a host "
                + "(e.g. http://127.0.0.1:8073)");
    }
}

package dev.tailtalos.cli;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * One HTTP client for the CLI's calls to the services, created on first use: building the whole command tree (as
 * every start does) must not load the HTTP and TLS stacks for commands that never call a service.
 */
public final class CliHttp {
    private static volatile HttpClient client;

    private CliHttp() {
    }

    public static HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            synchronized (CliHttp.class) {
                current = client;
                if (current == null) {
                    current = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                    client = current;
                }
            }
        }
        return current;
    }
}

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Container health check for images without a shell or curl (the tailtalos base image has only a JRE).
 *   http URL                    healthy when GET URL answers 2xx (an actuator body must not say DOWN)
 *   tcp HOST PORT               healthy when a TCP connection opens
 *   process MAIN_CLASS          healthy when PID 1's command line names MAIN_CLASS
 * Exit code 0 healthy, 1 unhealthy (Docker's HEALTHCHECK contract).
 */
public final class HealthCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    public static void main(String[] args) {
        try {
            String failure = check(args);
            if (failure != null) {
                System.err.println("unhealthy: " + failure);
                System.exit(1);
            }
            System.out.println("healthy");
        } catch (Exception e) {
            System.err.println("unhealthy: " + e);
            System.exit(1);
        }
    }

    private static String check(String[] args) throws IOException, InterruptedException {
        if (args.length == 2 && args[0].equals("http")) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(args[1])).timeout(TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                return args[1] + " answered " + response.statusCode();
            }
            return response.body().contains("\"status\":\"DOWN\"") ? args[1] + " reports DOWN" : null;
        }
        if (args.length == 3 && args[0].equals("tcp")) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(args[1], Integer.parseInt(args[2])), (int) TIMEOUT.toMillis());
            }
            return null;
        }
        if (args.length == 2 && args[0].equals("process")) {
            StringBuilder cmdline = new StringBuilder();
            for (String arg : new String(Files.readAllBytes(Path.of("/proc/1/cmdline")), StandardCharsets.UTF_8)
                    .split("\0")) {
                // Jib's entrypoint names the main class through an argument file (@/app/jib-main-class-file)
                Path argFile = arg.startsWith("@") ? Path.of(arg.substring(1)) : null;
                cmdline.append(argFile != null && Files.isRegularFile(argFile) ? Files.readString(argFile) : arg).append(' ');
            }
            return cmdline.toString().contains(args[1]) ? null : "PID 1 is not " + args[1];
        }
        return "usage: http URL | tcp HOST PORT | process MAIN_CLASS";
    }
}

package dev.tailtalos.common.settings;

import dev.tailtalos.common.events.Topics;
import dev.tailtalos.common.kafka.TopicSettings;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.PropertyResolver;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Collects every bad setting of a service before it starts, each named by its property and its environment variable
 * ({@code tailtalos.seal.key-file (TAILTALOS_SEAL_KEY_FILE): /keys/seal.key does not exist}). Unset optional settings
 * are not checked; their defaults are the service's own.
 */
public final class SettingsCheck {
    private final PropertyResolver settings;
    private final List<String> problems = new ArrayList<>();

    private SettingsCheck(PropertyResolver settings) {
        this.settings = settings;
    }

    public static SettingsCheck of(PropertyResolver settings) {
        return new SettingsCheck(settings);
    }

    /** {@code tailtalos.seal.key-file} → {@code TAILTALOS_SEAL_KEY_FILE}, the name Spring reads from the environment. */
    public static String environmentName(String property) {
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    public String value(String property) {
        String value = settings.getProperty(property);
        return value == null ? "" : value.trim();
    }

    public boolean isSet(String property) {
        return !value(property).isEmpty();
    }

    public SettingsCheck required(String property) {
        if (!isSet(property)) {
            problem(property, "is required");
        }
        return this;
    }

    /** A file that must exist and be readable (required). */
    public SettingsCheck readableFile(String property) {
        return required(property).optionalReadableFile(property);
    }

    public SettingsCheck optionalReadableFile(String property) {
        if (isSet(property)) {
            Path file = Path.of(value(property));
            if (!Files.exists(file)) {
                problem(property, file + " does not exist");
            } else if (!Files.isRegularFile(file)) {
                problem(property, file + " is not a file");
            } else if (!Files.isReadable(file)) {
                problem(property, file + " is not readable by this user");
            }
        }
        return this;
    }

    /** A file the service reads, or creates (with its directories): it exists, or its nearest existing ancestor is a writable directory. */
    public SettingsCheck fileOrCreatable(String property) {
        required(property);
        if (isSet(property)) {
            Path file = Path.of(value(property)).toAbsolutePath();
            if (Files.exists(file)) {
                optionalReadableFile(property);
            } else {
                Path ancestor = file.getParent();
                while (ancestor != null && !Files.exists(ancestor)) {
                    ancestor = ancestor.getParent();
                }
                if (ancestor == null || !Files.isDirectory(ancestor) || !Files.isWritable(ancestor)) {
                    problem(property, file + " does not exist and cannot be created (" + ancestor + " is not a writable directory)");
                }
            }
        }
        return this;
    }

    public SettingsCheck directory(String property) {
        if (isSet(property) && !Files.isDirectory(Path.of(value(property)))) {
            problem(property, value(property) + " is not a directory");
        }
        return this;
    }

    public SettingsCheck port(String property) {
        if (isSet(property) && !isInt(value(property), 0, 65535)) {
            problem(property, "'" + value(property) + "' is not a port number (0-65535)");
        }
        return this;
    }

    public SettingsCheck intAtLeast(String property, int min) {
        if (isSet(property) && !isInt(value(property), min, Integer.MAX_VALUE)) {
            problem(property, "'" + value(property) + "' is not a whole number of at least " + min);
        }
        return this;
    }

    public SettingsCheck duration(String property) {
        if (isSet(property)) {
            try {
                Duration d = ApplicationConversionService.getSharedInstance().convert(value(property), Duration.class);
                if (d == null || d.isNegative()) {
                    problem(property, "'" + value(property) + "' is not a positive duration");
                }
            } catch (RuntimeException e) {
                problem(property, "'" + value(property) + "' is not a duration (e.g. 30s, 5m, PT1M)");
            }
        }
        return this;
    }

    public SettingsCheck bool(String property) {
        if (isSet(property) && !Set.of("true", "false").contains(value(property).toLowerCase(Locale.ROOT))) {
            problem(property, "'" + value(property) + "' is not true or false");
        }
        return this;
    }

    public SettingsCheck oneOf(String property, String... allowed) {
        if (isSet(property) && !List.of(allowed).contains(value(property))) {
            problem(property, "'" + value(property) + "' is not one of " + String.join(", ", allowed));
        }
        return this;
    }

    public SettingsCheck httpUrl(String property) {
        if (isSet(property)) {
            try {
                URI uri = new URI(value(property));
                if (!Set.of("http", "https").contains(String.valueOf(uri.getScheme())) || uri.getHost() == null) {
                    problem(property, "'" + value(property) + "' is not an http(s) URL with a host");
                }
            } catch (java.net.URISyntaxException e) {
                problem(property, "'" + value(property) + "' is not a URL: " + e.getReason());
            }
        }
        return this;
    }

    /** {@code host:port[,host:port…]}, e.g. Kafka's bootstrap servers. */
    public SettingsCheck hostPorts(String property) {
        if (isSet(property)) {
            for (String hostPort : value(property).split(",")) {
                if (!isHostPort(hostPort.trim())) {
                    problem(property, "'" + hostPort.trim() + "' is not host:port");
                }
            }
        }
        return this;
    }

    /** {@code node=host:port[,node=host:port…]} (tailtalos.nodes.endpoints and friends). */
    public SettingsCheck nodeEndpoints(String property) {
        if (isSet(property)) {
            for (String pair : value(property).split(",")) {
                String[] kv = pair.trim().split("=", 2);
                if (kv.length != 2 || kv[0].isBlank() || !isHostPort(kv[1].trim())) {
                    problem(property, "'" + pair.trim() + "' is not node=host:port");
                }
            }
        }
        return this;
    }

    /** Partitions, replication factor, min ISR and topic configs of the tailtalos topics ({@link TopicSettings}). */
    public SettingsCheck kafkaTopics() {
        Set<String> reported = new java.util.LinkedHashSet<>();
        for (String topic : Topics.ALL) {
            try {
                TopicSettings.of(topic, settings::getProperty);
            } catch (IllegalArgumentException e) {
                reported.add(e.getMessage());
            }
        }
        for (String message : reported) {
            int colon = message.indexOf(": ");
            problem(message.substring(0, colon), message.substring(colon + 2));
        }
        return this;
    }

    public SettingsCheck problem(String property, String what) {
        problems.add(property + " (" + environmentName(property) + "): " + what);
        return this;
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Throws one exception naming every bad setting, or returns when all are good. */
    public void throwIfInvalid(String service) {
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(service, problems);
        }
    }

    private static boolean isHostPort(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            return false;
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") != host.endsWith("]")) {
            return false;
        }
        return isInt(hostPort.substring(colon + 1), 1, 65535);
    }

    private static boolean isInt(String text, int min, int max) {
        try {
            long n = Long.parseLong(text.trim());
            return n >= min && n <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

package dev.tailtalos.common.kafka;

import dev.tailtalos.common.events.Topics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the services create their topics on a real cluster: partitions, replication factor, min ISR and any Kafka topic
 * config, for all topics and per topic (by short name: {@code tailtalos.audit.v1} → {@code audit},
 * {@code tailtalos.rollout.requested.v1} → {@code rollout-requested}). Unset values take the broker's defaults;
 * partitions default to 3 so a consumer group can spread. Topics that exist already are left as they are.
 *
 * <pre>
 * tailtalos.kafka.partitions=3                      tailtalos.kafka.topic.NAME.partitions=N
 * tailtalos.kafka.replication-factor=3              tailtalos.kafka.topic.NAME.replication-factor=N
 * tailtalos.kafka.min-insync-replicas=2             tailtalos.kafka.topic.NAME.config=retention.ms=-1,cleanup.policy=delete
 * </pre>
 */
public record TopicSettings(String topic, int partitions, Optional<Short> replicationFactor, Map<String, String> configs) {

    public static final int DEFAULT_PARTITIONS = 3;
    static final String PREFIX = "tailtalos.kafka.";

    public TopicSettings {
        configs = Map.copyOf(configs);
    }

    /** {@code tailtalos.node.apply-failed.v1} → {@code node-apply-failed}. */
    public static String shortName(String topic) {
        String name = topic.startsWith("tailtalos.") ? topic.substring("tailtalos.".length()) : topic;
        name = name.endsWith(".v1") ? name.substring(0, name.length() - 3) : name;
        return name.replace('.', '-');
    }

    /**
     * Every tailtalos topic's settings from a property lookup (blank = unset).
     *
     * @throws IllegalArgumentException naming the first property whose value is not valid
     */
    public static List<TopicSettings> all(Function<String, String> properties) {
        List<TopicSettings> all = new ArrayList<>();
        for (String topic : Topics.ALL) {
            all.add(of(topic, properties));
        }
        return all;
    }

    /**
     * One topic's settings.
     *
     * @throws IllegalArgumentException "property: what is wrong" for the first invalid value
     */
    public static TopicSettings of(String topic, Function<String, String> properties) {
        String base = PREFIX + "topic." + shortName(topic) + ".";
        int partitions = firstInt(properties, base + "partitions", PREFIX + "partitions", 1, 10_000)
                .orElse(DEFAULT_PARTITIONS);
        Optional<Short> replication = firstInt(properties, base + "replication-factor", PREFIX + "replication-factor",
                1, Short.MAX_VALUE).map(Integer::shortValue);
        Map<String, String> configs = new LinkedHashMap<>();
        firstInt(properties, PREFIX + "min-insync-replicas", PREFIX + "min-insync-replicas", 1, Short.MAX_VALUE)
                .ifPresent(isr -> configs.put("min.insync.replicas", String.valueOf(isr)));
        configs.putAll(configList(base + "config", value(properties, base + "config")));
        return new TopicSettings(topic, partitions, replication, configs);
    }

    private static Optional<Integer> firstInt(Function<String, String> properties, String specific, String general,
                                              int min, int max) {
        for (String property : List.of(specific, general)) {
            String value = value(properties, property);
            if (!value.isEmpty()) {
                return Optional.of(wholeNumber(property, value, min, max));
            }
        }
        return Optional.empty();
    }

    private static int wholeNumber(String property, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(property + ": '" + value + "' is not a whole number from " + min + " to " + max);
    }

    private static Map<String, String> configList(String property, String value) {
        Map<String, String> configs = new LinkedHashMap<>();
        if (value.isEmpty()) {
            return configs;
        }
        for (String pair : value.split(",")) {
            String[] kv = pair.trim().split("=", 2);
            if (kv.length != 2 || !kv[0].trim().matches("[a-z][a-z0-9.]*") || kv[1].isBlank()) {
                throw new IllegalArgumentException(property + ": '" + pair.trim()
                        + "' is not a Kafka topic config key=value (e.g. retention.ms=-1)");
            }
            configs.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim());
        }
        return configs;
    }

    private static String value(Function<String, String> properties, String property) {
        String value = properties.apply(property);
        return value == null ? "" : value.trim();
    }
}

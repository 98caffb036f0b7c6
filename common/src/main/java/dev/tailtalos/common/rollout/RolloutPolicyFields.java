package dev.tailtalos.common.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The user-settable rollout policy fields, read from one JSON or YAML object (the HTTP API's {@code policy}, the
 * {@code rollout:} key of the cluster repo's {@code tailtalos.yaml}, or the CLI's flags) into a rollout.requested.
 * Every value is checked here, so a bad one is refused before any event exists; the deployer fills in its defaults.
 */
public final class RolloutPolicyFields {
    public static final List<String> FIELDS = List.of("max_parallel", "max_failures", "health_timeout",
            "progress_deadline", "apply_mode", "rollback_on_failure", "try_timeout", "start_paused", "upgrade_timeout",
            "on_conflict", "strategy");
    public static final List<String> APPLY_MODES = List.of("auto", "no-reboot", "staged", "try");
    public static final List<String> ON_CONFLICT = List.of("supersede", "queue", "reject");
    public static final List<String> STRATEGIES = List.of("waves");

    /**
     * @param where  the source for messages, e.g. {@code tailtalos.yaml} (empty for the API and the CLI)
     * @param prefix put before field names in messages, e.g. {@code rollout.}
     * @param lineOf the line of a field (0 when unknown)
     * @throws PolicyFieldException naming the first refused field
     */
    public static void read(JsonNode object, RolloutRequested.Builder into, String where, String prefix,
                            ToIntFunction<String> lineOf) {
        if (object == null || object.isNull() || object.isMissingNode()) {
            return;
        }
        if (!object.isObject()) {
            throw new PolicyFieldException(where, lineOf.applyAsInt(""), prefix.replaceAll("\\.$", ""),
                    "must be a mapping of policy fields (" + String.join(", ", FIELDS) + ")");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            Value v = new Value(e.getValue(), where, lineOf.applyAsInt(field), prefix + field);
            switch (field) {
                case "max_parallel" -> into.setMaxParallel(v.integer(1));
                case "max_failures" -> into.setMaxFailures(v.integer(0));
                case "health_timeout" -> into.setHealthTimeout(v.duration());
                case "progress_deadline" -> into.setProgressDeadline(v.duration());
                case "try_timeout" -> into.setTryTimeout(v.duration());
                case "upgrade_timeout" -> into.setUpgradeTimeout(v.duration());
                case "apply_mode" -> into.setApplyMode(v.oneOf(APPLY_MODES));
                case "rollback_on_failure" -> into.setRollbackOnFailure(v.bool());
                case "start_paused" -> into.setStartPaused(v.bool());
                case "on_conflict" -> into.setOnConflict(v.oneOf(ON_CONFLICT));
                case "strategy" -> into.setStrategy(v.strategy());
                default -> throw new PolicyFieldException(where, lineOf.applyAsInt(field), prefix + field,
                        "unknown policy field (known: " + String.join(", ", FIELDS) + ")");
            }
        }
    }

    private record Value(JsonNode node, String where, int line, String field) {

        int integer(int min) {
            long n;
            if (node.isIntegralNumber()) {
                n = node.asLong();
            } else if (node.isTextual() && node.asText().trim().matches("-?[0-9]{1,10}")) {
                n = Long.parseLong(node.asText().trim());
            } else {
                throw refused("must be a whole number, got " + shown());
            }
            if (n < min || n > Integer.MAX_VALUE) {
                throw refused("must be at least " + min + ", got " + n);
            }
            return (int) n;
        }

        com.google.protobuf.Duration duration() {
            if (!node.isTextual()) {
                throw refused("must be a duration such as 45s, 10m or PT10M, got " + shown());
            }
            Duration d = PolicyDurations.parse(node.asText()).orElseThrow(() ->
                    refused("is not a duration (Go syntax such as 45s, 1m30s, 10m or ISO-8601 such as PT45S), got "
                            + shown()));
            if (d.isNegative() || d.isZero()) {
                throw refused("must be a positive duration, got " + shown());
            }
            return EventEnvelopes.duration(d);
        }

        boolean bool() {
            String s = node.isBoolean() ? node.asText() : node.isTextual() ? node.asText().trim().toLowerCase(Locale.ROOT)
                    : "";
            return switch (s) {
                case "true" -> true;
                case "false" -> false;
                default -> throw refused("must be true or false, got " + shown());
            };
        }

        String oneOf(List<String> allowed) {
            String s = node.isTextual() ? node.asText().trim().toLowerCase(Locale.ROOT).replace('_', '-') : "";
            if (!allowed.contains(s)) {
                throw refused("must be one of " + String.join(", ", allowed) + ", got " + shown());
            }
            return s;
        }

        String strategy() {
            if (node.isTextual() && node.asText().trim().equalsIgnoreCase("rolling")) {
                throw refused("'rolling' is not implemented yet; the only strategy is waves");
            }
            return oneOf(STRATEGIES);
        }

        private String shown() {
            return node.isTextual() ? "'" + node.asText() + "'" : node.toString();
        }

        private PolicyFieldException refused(String message) {
            return new PolicyFieldException(where, line, field, message);
        }
    }

    private RolloutPolicyFields() {
    }
}

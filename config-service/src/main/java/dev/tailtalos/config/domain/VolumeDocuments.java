package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * talhelper's {@code volumes} ({name, provisioning, encryption}) → {@code VolumeConfig} and {@code userVolumes}
 * ({name, volumeType, provisioning, filesystem, encryption}) → {@code UserVolumeConfig} documents, with the checks
 * Talos runs on them while talhelper generates (disk selector CEL expressions are not parsed here). Only the keys
 * talhelper binds are carried over; sizes are written as strings, as the Talos encoder writes them.
 */
final class VolumeDocuments {

    private static final Set<String> SYSTEM_VOLUMES = Set.of("STATE", "EPHEMERAL", "IMAGECACHE");
    private static final int MAX_USER_VOLUME_NAME = 36 - "u-".length();
    private static final Set<String> FILESYSTEMS = Set.of("xfs", "ext4", "btrfs");
    private static final Pattern BYTES = Pattern.compile("\\s*([0-9]*\\.?[0-9]+)\\s*([a-zA-Z]*)\\s*");
    private static final Map<String, Long> UNITS = units();

    private VolumeDocuments() {
    }

    static void validateVolumes(List<JsonNode> volumes, String at, BiConsumer<String, String> error) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < volumes.size(); i++) {
            JsonNode volume = volumes.get(i);
            String field = at + "[" + i + "]";
            if (!volume.isObject()) {
                error.accept(field, "a volume is a mapping of name, provisioning and encryption");
                continue;
            }
            String name = volume.path("name").asText("");
            if (!names.add(name)) {
                error.accept(field + ".name", "duplicated volume config name found: " + name);
            }
            if (!SYSTEM_VOLUMES.contains(name)) {
                error.accept(field + ".name", "only \"STATE\", \"EPHEMERAL\" and \"IMAGECACHE\" volumes are supported, got \""
                        + name + "\"");
                continue;
            }
            JsonNode provisioning = volume.path("provisioning");
            if ("STATE".equals(name) && !isEmpty(provisioning)) {
                error.accept(field + ".provisioning", "provisioning config is not allowed for the \"STATE\" volume");
            }
            if ("STATE".equals(name)) {
                for (JsonNode key : volume.path("encryption").path("keys")) {
                    if (key.path("lockToState").asBoolean(false)) {
                        error.accept(field + ".encryption", "state-locked key is not allowed for the \"STATE\" volume");
                    }
                }
            }
            provisioning(provisioning, false, true, field + ".provisioning", error);
            encryption(volume.path("encryption"), field + ".encryption", error);
        }
    }

    static void validateUserVolumes(List<JsonNode> volumes, String at, BiConsumer<String, String> error) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < volumes.size(); i++) {
            JsonNode volume = volumes.get(i);
            String field = at + "[" + i + "]";
            if (!volume.isObject()) {
                error.accept(field, "a user volume is a mapping of name, volumeType, provisioning, filesystem and encryption");
                continue;
            }
            String name = volume.path("name").asText("");
            if (!names.add(name)) {
                error.accept(field + ".name", "duplicated user volume config name found: " + name);
            }
            if (name.isEmpty() || name.length() > MAX_USER_VOLUME_NAME) {
                error.accept(field + ".name", "name must be between 1 and " + MAX_USER_VOLUME_NAME + " characters long");
            }
            if (!name.matches("[a-zA-Z0-9-]*")) {
                error.accept(field + ".name", "name can only contain lowercase and uppercase ASCII letters, digits, and hyphens");
            }
            String type = volume.path("volumeType").asText("partition");
            JsonNode provisioning = volume.path("provisioning");
            switch (type) {
                case "directory" -> {
                    for (String spec : List.of("provisioning", "encryption", "filesystem")) {
                        if (!isEmpty(volume.path(spec))) {
                            error.accept(field + "." + spec, spec + " spec is invalid for volumeType directory");
                        }
                    }
                }
                case "disk", "partition" -> {
                    provisioning(provisioning, true, "partition".equals(type), field + ".provisioning", error);
                    filesystem(volume.path("filesystem"), field + ".filesystem", error);
                    encryption(volume.path("encryption"), field + ".encryption", error);
                }
                default -> error.accept(field + ".volumeType", "unsupported volume type \"" + type
                        + "\" (partition, disk or directory)");
            }
        }
    }

    private static void provisioning(JsonNode spec, boolean required, boolean sizeSupported, String at,
                                     BiConsumer<String, String> error) {
        JsonNode match = spec.path("diskSelector").path("match");
        if (!match.isMissingNode() && !match.isNull() && !match.isTextual()) {
            error.accept(at + ".diskSelector.match", "disk selector is invalid: must be a CEL expression string");
        } else if (match.asText("").isBlank() && required) {
            error.accept(at + ".diskSelector", "disk selector is required");
        }
        JsonNode min = spec.path("minSize");
        JsonNode max = spec.path("maxSize");
        if (!sizeSupported) {
            if (!isEmpty(min) || !isEmpty(max) || spec.has("grow")) {
                error.accept(at, "min size, max size and grow are not supported");
            }
            return;
        }
        Long minBytes = size(min, false, at + ".minSize", error);
        Long maxBytes = size(max, true, at + ".maxSize", error);
        if (minBytes != null && maxBytes != null && minBytes >= 0 && maxBytes >= 0 && minBytes > maxBytes) {
            error.accept(at, "min size is greater than max size");
        } else if (required && isEmpty(min) && isEmpty(max)) {
            error.accept(at, "min size or max size is required");
        }
        if (minBytes != null && minBytes < 0) {
            error.accept(at + ".minSize", "min size cannot be negative");
        }
    }

    /** Bytes (negative when written with a leading {@code -}), null when unset or relative ({@code 20%}). */
    private static Long size(JsonNode value, boolean percentAllowed, String at, BiConsumer<String, String> error) {
        if (isEmpty(value)) {
            return null;
        }
        String text = value.asText().trim();
        boolean negative = text.startsWith("-");
        String magnitude = negative ? text.substring(1) : text;
        if (magnitude.endsWith("%")) {
            if (!percentAllowed) {
                error.accept(at, "invalid size \"" + text + "\": a percentage is only allowed for maxSize");
                return null;
            }
            try {
                double percent = Double.parseDouble(magnitude.substring(0, magnitude.length() - 1));
                if (percent < 0 || percent > 100) {
                    error.accept(at, "percentage must be between 0 and 100, got " + text);
                }
            } catch (NumberFormatException e) {
                error.accept(at, "invalid percentage value \"" + text + "\"");
            }
            return null;
        }
        Matcher m = BYTES.matcher(magnitude);
        Long unit = m.matches() ? UNITS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
        if (unit == null) {
            error.accept(at, "invalid size \"" + text + "\" (e.g. 10GiB, 500MB or 20%)");
            return null;
        }
        long bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
        return negative ? -bytes : bytes;
    }

    private static void filesystem(JsonNode spec, String at, BiConsumer<String, String> error) {
        String type = spec.path("type").asText("");
        if (!type.isEmpty() && !"none".equals(type) && !FILESYSTEMS.contains(type)) {
            error.accept(at + ".type", "unsupported filesystem type: " + type + " (xfs, ext4 or btrfs)");
        } else if (spec.path("projectQuotaSupport").asBoolean(false) && !type.isEmpty() && !"xfs".equals(type)) {
            error.accept(at + ".projectQuotaSupport", "project quota support is only available for xfs filesystem");
        }
    }

    private static void encryption(JsonNode spec, String at, BiConsumer<String, String> error) {
        JsonNode keys = spec.path("keys");
        if (isEmpty(spec.path("provider")) && keys.isEmpty()) {
            return;
        }
        if (!"luks2".equals(spec.path("provider").asText(""))) {
            error.accept(at + ".provider", "unsupported encryption provider: \"" + spec.path("provider").asText("")
                    + "\" (luks2)");
        }
        if (keys.isEmpty()) {
            error.accept(at + ".keys", "encryption keys are required");
        }
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            JsonNode key = keys.get(i);
            int slot = key.path("slot").asInt(0);
            String field = at + ".keys[" + i + "]";
            if (!slots.add(slot)) {
                error.accept(field + ".slot", "duplicate key slot " + slot);
            }
            if (!key.has("static") && !key.has("nodeID") && !key.has("kms") && !key.has("tpm")) {
                error.accept(field, "at least one encryption key type must be specified for slot " + slot);
            }
            for (JsonNode pcr : key.path("tpm").path("options").path("pcrs")) {
                if (pcr.asInt(-1) < 0 || pcr.asInt(-1) > 23) {
                    error.accept(field + ".tpm.options.pcrs", "TPM PCR " + pcr.asText() + " is out of range (0-23)");
                }
            }
        }
    }

    /** The VolumeConfig documents of validated {@code volumes}. */
    static List<ObjectNode> volumeDocuments(List<JsonNode> volumes) {
        List<ObjectNode> documents = new ArrayList<>();
        for (JsonNode volume : volumes) {
            ObjectNode document = ExtraDocuments.document("VolumeConfig", volume.path("name").asText());
            copyProvisioning(volume.path("provisioning"), document);
            copyIfSet(volume, "encryption", document);
            documents.add(document);
        }
        return documents;
    }

    /** The UserVolumeConfig documents of validated {@code userVolumes}. */
    static List<ObjectNode> userVolumeDocuments(List<JsonNode> volumes) {
        List<ObjectNode> documents = new ArrayList<>();
        for (JsonNode volume : volumes) {
            ObjectNode document = ExtraDocuments.document("UserVolumeConfig", volume.path("name").asText());
            copyIfSet(volume, "volumeType", document);
            copyProvisioning(volume.path("provisioning"), document);
            JsonNode filesystem = volume.path("filesystem");
            if (!isEmpty(filesystem.path("type")) || !isEmpty(filesystem.path("projectQuotaSupport"))) {
                ObjectNode copy = document.putObject("filesystem");
                copyIfSet(filesystem, "type", copy);
                copyIfSet(filesystem, "projectQuotaSupport", copy);
            }
            copyIfSet(volume, "encryption", document);
            documents.add(document);
        }
        return documents;
    }

    private static void copyProvisioning(JsonNode provisioning, ObjectNode document) {
        if (isEmpty(provisioning)) {
            return;
        }
        ObjectNode copy = document.putObject("provisioning");
        String match = provisioning.path("diskSelector").path("match").asText("");
        if (!match.isEmpty()) {
            copy.putObject("diskSelector").put("match", match);
        }
        copyIfSet(provisioning, "grow", copy);
        for (String size : List.of("minSize", "maxSize")) {
            if (!isEmpty(provisioning.path(size))) {
                copy.put(size, provisioning.path(size).asText());
            }
        }
        if (copy.isEmpty()) {
            document.remove("provisioning");
        }
    }

    private static void copyIfSet(JsonNode from, String key, ObjectNode to) {
        if (!isEmpty(from.path(key))) {
            to.set(key, from.path(key).deepCopy());
        }
    }

    private static boolean isEmpty(JsonNode value) {
        return value == null || value.isMissingNode() || value.isNull() || (value.isContainerNode() && value.isEmpty())
                || (value.isTextual() && value.asText().isEmpty());
    }

    /** go-humanize ParseBytes units: SI (k, kb, …) and IEC (ki, kib, …), case-insensitive. */
    private static Map<String, Long> units() {
        Map<String, Long> units = new java.util.HashMap<>();
        units.put("", 1L);
        units.put("b", 1L);
        String[] prefixes = {"k", "m", "g", "t", "p", "e"};
        long si = 1;
        long iec = 1;
        for (String prefix : prefixes) {
            si *= 1000;
            iec *= 1024;
            units.put(prefix, si);
            units.put(prefix + "b", si);
            units.put(prefix + "i", iec);
            units.put(prefix + "ib", iec);
        }
        return Map.copyOf(units);
    }
}

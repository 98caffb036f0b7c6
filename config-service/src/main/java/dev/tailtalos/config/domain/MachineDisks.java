package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * talhelper's deprecated {@code machineDisks} (Talos MachineDisk: device, partitions[size, mountpoint]) →
 * {@code machine.disks}. Partition sizes are written as Talos writes them: a human-readable SI size when that is
 * exact ({@code 100 GB}), otherwise the byte count.
 */
final class MachineDisks {

    static final String DEPRECATED = "machineDisks is deprecated, please use userVolumes instead";
    private static final Pattern SIZE = Pattern.compile("\\s*([0-9]*\\.?[0-9]+)\\s*([a-zA-Z]*)\\s*");
    private static final String[] SI = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private MachineDisks() {
    }

    /** A partition without a size takes the rest of the disk, so only the last one may omit it. */
    static void validate(List<JsonNode> disks, String at, BiConsumer<String, String> error) {
        for (int d = 0; d < disks.size(); d++) {
            JsonNode disk = disks.get(d);
            if (!disk.isObject()) {
                error.accept(at + "[" + d + "]", "a machine disk is a mapping of device and partitions");
                continue;
            }
            JsonNode partitions = disk.path("partitions");
            for (int p = 0; p < partitions.size(); p++) {
                String field = at + "[" + d + "].partitions[" + p + "]";
                JsonNode size = partitions.get(p).path("size");
                long bytes;
                try {
                    bytes = bytes(size);
                } catch (IllegalArgumentException e) {
                    error.accept(field + ".size", e.getMessage());
                    continue;
                }
                if (bytes == 0 && p != partitions.size() - 1) {
                    error.accept(field, "partition \"" + partitions.get(p).path("mountpoint").asText("")
                            + "\" for disk \"" + disk.path("device").asText("") + "\" is set to occupy full disk,"
                            + " but it's not the last partition in the list");
                }
            }
        }
    }

    /** Sets {@code machine.disks} from validated {@code disks}. */
    static void apply(ObjectNode machine, List<JsonNode> disks) {
        if (disks.isEmpty()) {
            return;
        }
        ArrayNode out = machine.putArray("disks");
        for (JsonNode disk : disks) {
            ObjectNode copy = out.addObject();
            if (!disk.path("device").asText("").isEmpty()) {
                copy.put("device", disk.path("device").asText());
            }
            if (!disk.path("partitions").isEmpty()) {
                ArrayNode partitions = copy.putArray("partitions");
                for (JsonNode partition : disk.path("partitions")) {
                    ObjectNode p = partitions.addObject();
                    long bytes = bytes(partition.path("size"));
                    if (bytes != 0) {
                        p.set("size", written(bytes));
                    }
                    if (!partition.path("mountpoint").asText("").isEmpty()) {
                        p.put("mountpoint", partition.path("mountpoint").asText());
                    }
                }
            }
        }
    }

    /** go-humanize ParseBytes; 0 when unset. */
    static long bytes(JsonNode size) {
        if (size.isMissingNode() || size.isNull() || size.asText().isEmpty()) {
            return 0;
        }
        if (size.isIntegralNumber()) {
            return size.asLong();
        }
        Matcher m = SIZE.matcher(size.asText());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size \"" + size.asText() + "\" (e.g. 100 GB or 4GiB)");
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        long multiplier = 1;
        if (!unit.isEmpty() && !"b".equals(unit)) {
            int power = "kmgtpe".indexOf(unit.charAt(0)) + 1;
            boolean iec = unit.length() > 1 && unit.charAt(1) == 'i';
            String rest = unit.substring(iec ? 2 : 1);
            if (power == 0 || !(rest.isEmpty() || "b".equals(rest))) {
                throw new IllegalArgumentException("invalid size \"" + size.asText() + "\" (e.g. 100 GB or 4GiB)");
            }
            for (int i = 0; i < power; i++) {
                multiplier *= iec ? 1024 : 1000;
            }
        }
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier)).longValue();
    }

    /** Talos DiskSize.MarshalYAML: humanize.Bytes when it round-trips exactly, else the number. */
    static JsonNode written(long bytes) {
        if (bytes % 1000 == 0) {
            String human = humanBytes(bytes);
            if (bytes(JsonNodeFactory.instance.textNode(human)) == bytes) {
                return JsonNodeFactory.instance.textNode(human);
            }
        }
        return JsonNodeFactory.instance.numberNode(bytes);
    }

    private static String humanBytes(long bytes) {
        if (bytes < 10) {
            return bytes + " B";
        }
        int exponent = (int) Math.floor(StrictMath.log(bytes) / StrictMath.log(1000));
        BigDecimal value = BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1000).pow(exponent))
                .setScale(1, RoundingMode.HALF_UP);
        String number = value.compareTo(BigDecimal.TEN) < 0 ? value.toPlainString()
                : value.setScale(0, RoundingMode.HALF_UP).toPlainString();
        return number + " " + SI[exponent];
    }
}

package dev.tailtalos.deployer.domain;

import java.util.Arrays;
import java.util.Locale;

/** How a config is applied, as {@code talosctl apply-config --mode} names it. Talos 1.14 has no reboot mode. */
public enum ApplyMode {
    AUTO("auto"), NO_REBOOT("no-reboot"), STAGED("staged"), TRY("try");

    private final String flag;

    ApplyMode(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    /** @param field where the value came from, for the error message */
    public static ApplyMode parse(String value, String field) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(m -> m.flag.equals(v)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(field + ": '" + value
                        + "' is not an apply mode (auto, no-reboot, staged, try)"));
    }
}

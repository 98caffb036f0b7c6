package dev.tailtalos.common.crypto.sops;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A YAML timestamp as go-yaml resolves it (sops value type {@code time}), printed like Go's RFC3339Nano. */
public record GoTime(OffsetDateTime time) {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    /** Go {@code time.MarshalText}: RFC 3339 with the fraction's trailing zeros removed and Z for UTC. */
    public String rfc3339Nano() {
        StringBuilder sb = new StringBuilder(SECONDS.format(time));
        int nanos = time.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos).replaceAll("0+$", "");
            sb.append('.').append(frac);
        }
        ZoneOffset offset = time.getOffset();
        sb.append(offset.getTotalSeconds() == 0 ? "Z" : offset.getId());
        return sb.toString();
    }

    @Override
    public String toString() {
        return rfc3339Nano();
    }
}

package dev.tailtalos.common.crypto.age;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads age identities the way sops does: from {@code SOPS_AGE_KEY} (one key per line), {@code SOPS_AGE_KEY_FILE}
 * and the default {@code $XDG_CONFIG_HOME/sops/age/keys.txt} (or {@code ~/.config/sops/age/keys.txt}).
 * Empty lines and lines starting with {@code #} are skipped.
 */
public final class AgeKeys {
    private AgeKeys() {
    }

    /** Identities from key-file text; {@code source} names the text in errors (never its content). */
    public static List<AgeIdentity> parse(String source, String text) {
        List<AgeIdentity> out = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!line.startsWith("AGE-SECRET-KEY-1")) {
                throw new AgeException(source + ": line " + (i + 1) + " is not an age X25519 identity"
                        + (line.startsWith("AGE-PLUGIN-") || line.startsWith("AGE-SECRET-KEY-PQ-1")
                        ? " (plugin and post-quantum identities are not supported)" : ""));
            }
            try {
                out.add(AgeIdentity.parse(line));
            } catch (AgeException e) {
                throw new AgeException(source + ": line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    public static List<AgeIdentity> readFile(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AgeException("cannot read age key file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    /** Every identity sops would find in this environment; an explicitly named key file that is missing is an error. */
    public static List<AgeIdentity> fromEnvironment(Map<String, String> env) {
        List<AgeIdentity> out = new ArrayList<>();
        String inline = env.get("SOPS_AGE_KEY");
        if (inline != null && !inline.isBlank()) {
            out.addAll(parse("SOPS_AGE_KEY", inline));
        }
        String keyFile = env.get("SOPS_AGE_KEY_FILE");
        if (keyFile != null && !keyFile.isBlank()) {
            Path file = Path.of(keyFile);
            if (!Files.isReadable(file)) {
                throw new AgeException("SOPS_AGE_KEY_FILE names " + file + ", which cannot be read");
            }
            out.addAll(readFile(file));
        }
        Path defaultFile = defaultKeyFile(env);
        if (defaultFile != null && Files.isReadable(defaultFile)) {
            out.addAll(readFile(defaultFile));
        }
        return out;
    }

    static Path defaultKeyFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "sops", "age", "keys.txt");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return home == null ? null : Path.of(home, ".config", "sops", "age", "keys.txt");
    }
}

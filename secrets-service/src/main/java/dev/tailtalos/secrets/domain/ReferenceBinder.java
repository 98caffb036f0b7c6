package dev.tailtalos.secrets.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * Replaces custody references inside the string values of a config with the secret values. Works on string
 * scalars one at a time (the caller walks the YAML tree), so a value never breaks the YAML quoting.
 */
public final class ReferenceBinder {
    private final Function<String, Optional<Map<String, String>>> lookup;
    private final Map<String, Map<String, String>> cache = new LinkedHashMap<>();
    private final Map<String, String> used = new LinkedHashMap<>();

    public ReferenceBinder(Custody custody) {
        this.lookup = custody::read;
    }

    /** @param usedAt where the scalar sits, for the error message */
    public String bind(String scalar, String usedAt) {
        if (!scalar.contains(SecretReference.SCHEME)) {
            return scalar;
        }
        Matcher m = SecretReference.pattern().matcher(scalar);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            SecretReference ref = new SecretReference(m.group(), m.group(1), m.group(2) == null ? "value" : m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(ref, usedAt)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String resolve(SecretReference ref, String usedAt) {
        Map<String, String> fields = cache.computeIfAbsent(ref.path(),
                p -> lookup.apply(p).orElseThrow(() -> new UnresolvedReferenceException(
                        "secret '" + p + "' referenced by " + ref.uri() + " at " + usedAt + " is not in custody"
                                + " (" + importHint(p) + ")")));
        String value = fields.get(ref.field());
        if (value == null) {
            throw new UnresolvedReferenceException("secret '" + ref.path() + "' has no field '" + ref.field()
                    + "' (referenced by " + ref.uri() + " at " + usedAt + "; it has fields " + fields.keySet()
                    + (ref.path().equals(TalosSecretsBundle.CUSTODY_PATH) ? "; " + TalosSecretsBundle.importHint() : "")
                    + ")");
        }
        used.put(ref.uri(), value);
        return value;
    }

    private static String importHint(String path) {
        return path.equals(TalosSecretsBundle.CUSTODY_PATH) ? TalosSecretsBundle.importHint()
                : "import it with: tailtalos secrets import " + path;
    }

    /** Every reference bound so far with its value: for HMACs in audit, never for logging. */
    public Map<String, String> boundValues() {
        return Map.copyOf(used);
    }
}

package dev.tailtalos.common.env;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for the value of a variable from a SOPS-encrypted env file (talenv.sops.yaml) in the event chain:
 * config-service cannot decrypt it, so {@code ${NAME}} becomes {@code sops-env://NAME}; secrets-service decrypts the
 * env file and puts the value in while sealing. Variable names are not secret (sops leaves keys in plain text).
 */
public final class SopsEnvReference {
    public static final String SCHEME = "sops-env://";
    private static final Pattern REFERENCE = Pattern.compile("sops-env://([A-Za-z_][A-Za-z0-9_]*)");

    private SopsEnvReference() {
    }

    public static String of(String variable) {
        if (!REFERENCE.matcher(SCHEME + variable).matches()) {
            throw new IllegalArgumentException("not an env variable name: '" + variable + "'");
        }
        return SCHEME + variable;
    }

    /** Matches a reference; group 1 is the variable name. */
    public static Pattern pattern() {
        return REFERENCE;
    }

    public static List<String> variablesIn(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}

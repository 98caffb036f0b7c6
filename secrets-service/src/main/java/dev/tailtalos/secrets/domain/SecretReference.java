package dev.tailtalos.secrets.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A reference to a secret in custody: {@code custody://<path>[#<field>]}; the field defaults to {@code value}. */
public record SecretReference(String uri, String path, String field) {
    public static final String SCHEME = "custody://";
    private static final Pattern REFERENCE = Pattern.compile("custody://([a-z0-9][a-z0-9._/-]*[a-z0-9])(?:#([A-Za-z0-9._-]+))?");

    public static SecretReference parse(String uri) {
        Matcher m = REFERENCE.matcher(uri);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a custody reference: '" + uri
                    + "' (expected custody://<path>[#<field>], path in lower case letters, digits, . _ / -)");
        }
        return new SecretReference(uri, m.group(1), m.group(2) == null ? "value" : m.group(2));
    }

    /** Every reference inside a text, in order of appearance. */
    public static List<SecretReference> findIn(String text) {
        List<SecretReference> refs = new ArrayList<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            refs.add(new SecretReference(m.group(), m.group(1), m.group(2) == null ? "value" : m.group(2)));
        }
        return refs;
    }

    static Pattern pattern() {
        return REFERENCE;
    }
}

package dev.tailtalos.secrets.domain;

import dev.tailtalos.common.crypto.Sha256;
import dev.tailtalos.common.env.EnvFiles;
import dev.tailtalos.common.env.EnvSubstitution;
import dev.tailtalos.common.env.SopsEnvReference;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;

/**
 * The cluster repo's env as secrets-service rebuilds it while sealing: the env files of {@code config.rendered} in
 * load order, SOPS-encrypted ones decrypted here (DESIGN rule 7). config-service's process environment is not part of
 * it: it does not travel. Values from encrypted files are secrets: errors name variables, never values.
 */
final class RepoEnv {
    static final RepoEnv EMPTY = new RepoEnv(Map.of(), Set.of());

    private final Map<String, String> values;
    private final Set<String> secretNames;

    private RepoEnv(Map<String, String> values, Set<String> secretNames) {
        this.values = values;
        this.secretNames = secretNames;
    }

    static RepoEnv load(List<ConfigSealer.EnvInput> files, SopsDecryptor sops) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> secretNames = new LinkedHashSet<>();
        for (ConfigSealer.EnvInput file : files) {
            String digest = Sha256.hex(file.content());
            if (!digest.equals(file.digest())) {
                throw new UnresolvedReferenceException("env file " + file.name() + " does not match its digest: it"
                        + " changed after rendering");
            }
            String plaintext = file.sopsEncrypted() ? sops.decrypt(file.name(), file.content()) : file.content();
            Map<String, String> read;
            try {
                read = EnvFiles.values(file.name(), plaintext);
            } catch (IllegalArgumentException e) {
                throw new UnresolvedReferenceException((file.sopsEncrypted() ? "decrypted " : "") + e.getMessage());
            }
            values.putAll(read);
            if (file.sopsEncrypted()) {
                secretNames.addAll(read.keySet());
            } else {
                secretNames.removeAll(read.keySet());
            }
        }
        return new RepoEnv(Map.copyOf(values), Set.copyOf(secretNames));
    }

    /**
     * envsubst as talhelper runs it on a patch file after templating (and on inline manifest files).
     *
     * @param place names the file and where it is used, for errors
     */
    String substitute(String place, String text) {
        try {
            return new EnvSubstitution(values).substitute(text);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            // envsubst's "bad substitution" message quotes the text around it: a secret. Its variable messages do not.
            String reason = message != null && message.startsWith("variable ${") ? message : "bad substitution";
            throw new UnresolvedReferenceException(place + ": " + reason + " (a rollout substitutes with the repo's"
                    + " env files only, talenv.yaml and talenv.sops.yaml; config-service's process environment does"
                    + " not travel)");
        }
    }

    /** The variables, for sprig's {@code env} in templates rendered while sealing (never for logging). */
    Map<String, String> values() {
        return values;
    }

    /** {@code scalar} with each {@code sops-env://NAME} replaced by the variable's value; other text goes to {@code rest}. */
    String bind(String scalar, String usedAt, UnaryOperator<String> rest) {
        if (!scalar.contains(SopsEnvReference.SCHEME)) {
            return rest.apply(scalar);
        }
        Matcher m = SopsEnvReference.pattern().matcher(scalar);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(rest.apply(scalar.substring(last, m.start())));
            String name = m.group(1);
            if (!secretNames.contains(name)) {
                throw new UnresolvedReferenceException(m.group() + " at " + usedAt + ": no SOPS-encrypted env file of"
                        + " the repo defines " + name);
            }
            out.append(values.get(name));
            last = m.end();
        }
        out.append(rest.apply(scalar.substring(last)));
        return out.toString();
    }

    /** The decrypted variables, for HMACs in audit (never for logging). */
    Map<String, String> secretValues() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secretNames.forEach(n -> secrets.put("sops-env:" + n, values.get(n)));
        return secrets;
    }
}

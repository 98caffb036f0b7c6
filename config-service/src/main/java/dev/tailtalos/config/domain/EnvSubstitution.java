package dev.tailtalos.config.domain;

import java.util.Map;

/** talhelper's envsubst for the config-service domain; the implementation lives in common (secrets-service uses it too). */
public final class EnvSubstitution {

    private final dev.tailtalos.common.env.EnvSubstitution envsubst;

    public EnvSubstitution(Map<String, String> env) {
        this.envsubst = new dev.tailtalos.common.env.EnvSubstitution(env);
    }

    /** @throws IllegalArgumentException with envsubst's message, e.g. {@code variable ${VAR} not set} */
    public String substitute(String text) {
        return envsubst.substitute(text);
    }
}

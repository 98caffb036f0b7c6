package dev.tailtalos.sim;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Who called (roles from the client certificate) and how apid would route the call. */
record Caller(Set<String> roles, List<String> nodes, Optional<String> node) {

    static final String ADMIN = "os:admin";
    static final String OPERATOR = "os:operator";
    static final String READER = "os:reader";

    boolean hasAny(Set<String> allowed) {
        return roles.stream().anyMatch(allowed::contains);
    }
}

package dev.tailtalos.sim;

import dev.tailtalos.proto.cosi.meta.ResourceDefinitionSpec.PrintColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Talos resource types the simulator serves beyond the ones in {@code TalosResources}, and the alias rules of COSI's
 * {@code ResourceDefinitionSpec.Fill} (lower-case display type, upper-case initials, their plural).
 */
final class ResourceTypes {

    static final String CLUSTER_NAMESPACE = "cluster";
    static final String SECRETS_NAMESPACE = "secrets";
    static final String K8S_NAMESPACE = "k8s";

    static final String MEMBERS = "Members.cluster.talos.dev";
    static final String LINK_STATUSES = "LinkStatuses.net.talos.dev";
    static final String CERT_SANS = "CertSANs.secrets.talos.dev";
    static final String NODENAMES = "Nodenames.kubernetes.talos.dev";
    static final String TIME_STATUSES = "TimeStatuses.v1alpha1.talos.dev";

    private ResourceTypes() {
    }

    /** A definition whose aliases follow COSI's automatic rules; {@code custom} aliases come first as in Talos. */
    static NodeResources.Definition automatic(String type, String displayType, String namespace, List<String> custom,
            List<PrintColumn> columns, boolean sensitive) {
        String plural = type.substring(0, type.indexOf('.'));
        String suffix = type.substring(type.indexOf('.') + 1);
        List<String> aliases = new ArrayList<>(custom);
        aliases.add(displayType.toLowerCase(Locale.ROOT));
        String initials = plural.chars().filter(Character::isUpperCase)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        if (initials.length() > 1) {
            aliases.add(initials.toLowerCase(Locale.ROOT));
            if (!initials.endsWith("S")) {
                aliases.add(initials.toLowerCase(Locale.ROOT) + "s");
            }
        }
        List<String> all = new ArrayList<>();
        String lower = plural.toLowerCase(Locale.ROOT);
        all.add(lower);
        String[] parts = suffix.split("\\.");
        StringBuilder prefix = new StringBuilder(lower);
        for (int i = 0; i < parts.length - 1; i++) {
            prefix.append('.').append(parts[i]);
            all.add(prefix.toString());
        }
        all.addAll(aliases);
        return new NodeResources.Definition(type, displayType, namespace, List.copyOf(aliases), List.copyOf(all),
                columns, sensitive);
    }
}

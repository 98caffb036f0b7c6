package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Tailscale-on-Talos pitfalls (DESIGN.md, reference tailscale.md §2), checked on a cluster repo and its rendered
 * configs. Each finding says how to fix it; errors make rendering refuse.
 */
public final class TailscaleLint {

    public static final String TAILSCALE_EXTENSION = "siderolabs/tailscale";
    static final String TAILNET_RANGE = "100.64.0.0/10";
    private static final Pattern PLAINTEXT_KEY = Pattern.compile("tskey-(auth|client|api)-[A-Za-z0-9_-]{6,}");
    private static final long MAX_SCAN_BYTES = 4L * 1024 * 1024;

    private TailscaleLint() {
    }

    public static List<LintFinding> lint(LoadedTalconfig repo, RenderedCluster cluster) {
        List<LintFinding> findings = new ArrayList<>(plaintextKeys(repo.repoDir()));
        Set<String> tailnetDomains = tailnetDomains(cluster);
        for (int i = 0; i < cluster.nodes().size(); i++) {
            RenderedNode node = cluster.nodes().get(i);
            NodeConfig merged = repo.config().mergedNode(i);
            lintNode(node, merged, tailnetDomains, findings);
        }
        return findings;
    }

    private static void lintNode(RenderedNode node, NodeConfig merged, Set<String> tailnetDomains,
                                 List<LintFinding> findings) {
        String where = "node " + node.hostname();
        ObjectNode config = node.documents().get(0);
        ObjectNode tailscale = node.documents().stream()
                .filter(d -> "ExtensionServiceConfig".equals(d.path("kind").asText()) && "tailscale".equals(d.path("name").asText()))
                .findFirst().orElse(null);
        boolean customImage = merged.talosImageURL() != null && !merged.talosImageURL().isBlank();
        boolean hasExtension = merged.schematic() != null
                && merged.schematic().customization().officialExtensions().contains(TAILSCALE_EXTENSION);
        if (tailscale != null && !hasExtension && !customImage) {
            findings.add(LintFinding.error(where, "schematic", "tailscale-extension-missing",
                    "an ExtensionServiceConfig named tailscale is rendered, but the node's schematic lacks "
                            + TAILSCALE_EXTENSION + ", so nothing runs it",
                    "add " + TAILSCALE_EXTENSION + " to schematic.customization.systemExtensions.officialExtensions"
                            + " (node or group) and upgrade the node to the new installer image"));
        }
        if (tailscale == null && hasExtension) {
            findings.add(LintFinding.warning(where, "extensionServices", "tailscale-config-missing",
                    "the schematic has " + TAILSCALE_EXTENSION + " but no ExtensionServiceConfig named tailscale:"
                            + " ext-tailscale waits for its configuration forever",
                    "add extensionServices: [{name: tailscale, environment: [TS_AUTHKEY=custody://tailscale/authkey, ...]}]"));
        }
        if (tailscale == null) {
            return;
        }
        Map<String, String> env = environment(tailscale);
        String field = "ExtensionServiceConfig/tailscale:environment";
        boolean authOnce = "true".equalsIgnoreCase(env.getOrDefault("TS_AUTH_ONCE", "false"));
        String key = env.getOrDefault("TS_AUTHKEY", env.getOrDefault("TS_AUTH_KEY", ""));
        if (authOnce && env.containsKey("TS_EXTRA_ARGS") && !env.get("TS_EXTRA_ARGS").isBlank()) {
            findings.add(LintFinding.warning(where, field, "auth-once-ignores-extra-args",
                    "TS_AUTH_ONCE=true applies TS_EXTRA_ARGS only at the first login; once state exists, changes to"
                            + " TS_EXTRA_ARGS are ignored",
                    "keep settings that may change in TS_HOSTNAME/TS_ROUTES/TS_ACCEPT_DNS (re-applied on every start),"
                            + " or use TS_AUTH_ONCE=false with a reusable, non-ephemeral, pre-authorized, tagged key"));
        }
        if (!authOnce && key.startsWith("tskey-auth-")) {
            findings.add(LintFinding.warning(where, field, "auth-always-with-expiring-key",
                    "TS_AUTH_ONCE=false re-authenticates on every start with TS_AUTHKEY, and a tskey-auth key expires"
                            + " (at most 90 days) or is one-off: after that the node does not come back onto the tailnet",
                    "set TS_AUTH_ONCE=true, or use an OAuth client secret"
                            + " (tskey-client-...?ephemeral=false&preauthorized=true) with --advertise-tags"));
        }
        if (!authOnce && key.startsWith("custody://")) {
            findings.add(LintFinding.warning(where, field, "auth-always-needs-reusable-key",
                    "TS_AUTH_ONCE=false re-authenticates on every start: the key in " + key
                            + " must be reusable, non-ephemeral, pre-authorized and tagged, and renewed before it expires",
                    "set TS_AUTH_ONCE=true, or let secrets-service mint a reusable tagged key and rotate it"));
        }
        if (isEphemeralKey(key) || env.getOrDefault("TS_EXTRA_ARGS", "").contains("--ephemeral")) {
            findings.add(LintFinding.error(where, field, "ephemeral-key-on-infrastructure",
                    "an ephemeral node is removed from the tailnet when it goes offline: a rebooting Talos node loses"
                            + " its tailnet address and certSANs (tskey-client secrets are ephemeral unless"
                            + " ?ephemeral=false is given)",
                    "use a non-ephemeral key: an auth key created with ephemeral=false, or"
                            + " tskey-client-...?ephemeral=false&preauthorized=true"));
        }
        String stateDir = env.get("TS_STATE_DIR");
        if (stateDir == null) {
            findings.add(LintFinding.warning(where, field, "state-dir-missing",
                    "TS_STATE_DIR is not set: the node's identity lives wherever the extension default points, and"
                            + " TS_AUTH_ONCE relies on that state surviving restarts",
                    "add TS_STATE_DIR=/var/lib/tailscale (the extension's persistent default on /var)"));
        } else if (!"/var/lib/tailscale".equals(stateDir)) {
            findings.add(LintFinding.warning(where, field, "state-dir-overridden",
                    "TS_STATE_DIR=" + stateDir + " differs from the extension's own setting; the extension's value"
                            + " comes first in the environment, so the override is unreliable",
                    "use TS_STATE_DIR=/var/lib/tailscale"));
        }
        excluded(config.at("/machine/kubelet/nodeIP/validSubnets"), where, "machine.kubelet.nodeIP.validSubnets",
                "kubelet-subnets-include-tailnet", "the kubelet may pick the tailscale0 address as the node IP",
                "machine:\n  kubelet:\n    nodeIP:\n      validSubnets: [<LAN CIDR>, \"!100.64.0.0/10\"]", findings);
        if (node.controlPlane()) {
            excluded(config.at("/cluster/etcd/advertisedSubnets"), where, "cluster.etcd.advertisedSubnets",
                    "etcd-subnets-include-tailnet", "etcd may advertise its tailnet address to its peers",
                    "cluster:\n  etcd:\n    advertisedSubnets: [<LAN CIDR>, \"!100.64.0.0/10\"]", findings);
        }
        String tsHostname = env.getOrDefault("TS_HOSTNAME", node.hostname());
        List<String> sans = texts(config.at("/machine/certSANs"));
        for (String domain : tailnetDomains) {
            String magicDns = tsHostname + "." + domain;
            if (!sans.contains(magicDns)) {
                findings.add(LintFinding.warning(where, "machine.certSANs", "magicdns-name-not-in-certsans",
                        "the node's MagicDNS name " + magicDns + " is not in machine.certSANs, so talosctl over the"
                                + " tailnet fails TLS validation",
                        "add certSANs: [" + magicDns + "] to the node (tailtalos adds observed names itself once"
                                + " the node has joined the tailnet)"));
            }
        }
    }

    /** The {@code <tailnet>.ts.net} domains named anywhere in the cluster's cert SANs or endpoint. */
    private static Set<String> tailnetDomains(RenderedCluster cluster) {
        Set<String> domains = new LinkedHashSet<>();
        for (RenderedNode node : cluster.nodes()) {
            ObjectNode config = node.documents().get(0);
            List<String> names = new ArrayList<>(texts(config.at("/machine/certSANs")));
            names.addAll(texts(config.at("/cluster/apiServer/certSANs")));
            for (String name : names) {
                String[] labels = name.split("\\.");
                if (labels.length >= 4 && name.endsWith(".ts.net")) {
                    domains.add(labels[labels.length - 3] + ".ts.net");
                }
            }
        }
        return domains;
    }

    private static void excluded(JsonNode subnets, String where, String field, String rule, String risk, String fix,
                                 List<LintFinding> findings) {
        List<String> values = texts(subnets);
        if (!values.contains("!" + TAILNET_RANGE)) {
            findings.add(LintFinding.error(where, field, rule, field + " does not exclude " + TAILNET_RANGE
                    + " while the node runs Tailscale: " + risk, "patch in\n" + fix));
        }
    }

    private static boolean isEphemeralKey(String key) {
        if (key.startsWith("tskey-client-")) {
            return !key.contains("ephemeral=false");
        }
        return key.contains("ephemeral=true");
    }

    private static Map<String, String> environment(ObjectNode document) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode entry : document.path("environment")) {
            String text = entry.asText();
            int eq = text.indexOf('=');
            if (eq > 0) {
                env.putIfAbsent(text.substring(0, eq), text.substring(eq + 1));
            }
        }
        return env;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** The YAML path of the deepest value on {@code line} (e.g. {@code environment[0]}); "" when not YAML. */
    private static String fieldOnLine(String file, String text, int line) {
        if (!(file.endsWith(".yaml") || file.endsWith(".yml"))) {
            return "";
        }
        try {
            String field = "";
            for (dev.tailtalos.common.yaml.YamlDocument document : new dev.tailtalos.common.yaml.Yaml().parse(file, text)) {
                for (Map.Entry<String, Integer> entry : document.lines().entrySet()) {
                    if (entry.getValue() == line && entry.getKey().length() > field.length()) {
                        field = entry.getKey();
                    }
                }
            }
            return field;
        } catch (dev.tailtalos.common.yaml.YamlException e) {
            return "";
        }
    }

    /** Files of the repo holding a plaintext Tailscale key outside SOPS; the key itself is never reported. */
    static List<LintFinding> plaintextKeys(Path repoDir) {
        List<LintFinding> findings = new ArrayList<>();
        Path root = repoDir.toAbsolutePath().normalize();
        try (Stream<Path> files = Files.walk(root, 8)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (!(name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".env") || name.endsWith(".json"))
                        || Files.size(file) > MAX_SCAN_BYTES || root.relativize(file).startsWith("clusterconfig")) {
                    continue;
                }
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (java.nio.charset.CharacterCodingException e) {
                    continue;
                }
                if (SopsFiles.isEncrypted(text)) {
                    continue;
                }
                String[] lines = text.split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (PLAINTEXT_KEY.matcher(lines[i]).find()) {
                        String relative = root.relativize(file).toString();
                        findings.add(LintFinding.error(relative + ":" + (i + 1), fieldOnLine(relative, text, i + 1),
                                "plaintext-auth-key",
                                "a Tailscale key (tskey-...) is stored in plain text in a file that is not SOPS-encrypted",
                                "import it into custody (tailtalos secrets import) and write custody://tailscale/authkey"
                                        + " instead, or move it to a SOPS-encrypted file (e.g. talenv.sops.yaml); rotate the"
                                        + " exposed key"));
                    }
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            findings.add(LintFinding.error(repoDir.toString(), "", "unreadable-repo", "cannot scan the repo: "
                    + e.getMessage(), "check the directory's permissions"));
        }
        return findings;
    }
}

package dev.tailtalos.config.domain;

import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.common.talos.pki.CertificateAuthority;
import dev.tailtalos.common.talos.pki.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The talosconfig talhelper writes next to the node files: context = cluster name, endpoints = every address of every
 * control plane, nodes = every address of every node, CA = the bundle's OS CA, and a fresh os:admin client certificate.
 */
public final class TalosconfigBuilder {

    public static final Duration DEFAULT_CLIENT_TTL = Duration.ofHours(8760);

    private TalosconfigBuilder() {
    }

    public static TalosConfig build(Talconfig config, SecretsBundle bundle, Duration clientTtl) {
        List<String> endpoints = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        for (NodeConfig node : config.nodes()) {
            if (node.controlPlane()) {
                endpoints.addAll(node.addresses());
            }
            nodes.addAll(node.addresses());
        }
        String caPem = decode(bundle.get("certs.os.crt"));
        CertificateAuthority ca = CertificateAuthority.fromPem(caPem, decode(bundle.get("certs.os.key")));
        IssuedCertificate admin = ca.issueClientCertificate(List.of("os:admin"), clientTtl);
        return TalosConfig.of(config.clusterName(), new TalosConfig.Context(endpoints, nodes, caPem,
                admin.certificatePem(), admin.privateKeyPem()));
    }

    private static String decode(String base64Pem) {
        return new String(Base64.getDecoder().decode(base64Pem), StandardCharsets.UTF_8);
    }
}

package dev.tailtalos.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.pki.CertificateAuthority;
import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.common.talos.TalosSslContexts;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest;
import dev.tailtalos.proto.talos.machine.MachineServiceGrpc;
import dev.tailtalos.proto.talos.machine.VersionResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a non-gRPC TLS client (like Go's crypto/tls in talosctl) sees, and apid-style `node` routing. */
class TlsHandshakeTest {

    private NodeSimulator simulator;
    private SimulatedNode node;

    @BeforeEach
    void start() throws Exception {
        simulator = new NodeSimulator(List.of(new NodeSpec("node-a", "127.0.20.1", 0, List.of("100.64.0.11")),
                new NodeSpec("node-b", "127.0.20.2", 0)));
        simulator.start();
        node = simulator.node("node-a");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void presentsEd25519CertificateOverTls13WithAlpnH2() throws Exception {
        X509Certificate presented = handshake(simulator.adminCredentials(), "TLSv1.3");

        assertThat(presented.getSigAlgName()).isIn("Ed25519", "EdDSA");
        assertThat(sans(presented)).containsExactlyInAnyOrder("127.0.20.1", "100.64.0.11", "node-a");
        assertThat(presented.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void newHandshakesPresentReissuedCertificate() throws Exception {
        String config = "version: v1alpha1\nmachine:\n  certSANs: [10.1.2.3, node-a.lab.test]\n";
        try (TalosClient client = TalosClient.builder(node.endpoint()).credentials(simulator.adminCredentials())
                .dialPolicy(DialPolicy.loopbackOnly()).build()) {
            client.applyConfiguration(config.getBytes(StandardCharsets.UTF_8),
                    ApplyConfigurationRequest.Mode.NO_REBOOT, false, null);
        }

        X509Certificate presented = handshake(simulator.adminCredentials(), "TLSv1.3");

        assertThat(sans(presented)).contains("10.1.2.3", "node-a.lab.test", "127.0.20.1");
        assertThat(presented).isEqualTo(node.serverCertificate());
    }

    @Test
    void tls12IsAcceptedAsApidAcceptsIt() throws Exception {
        X509Certificate presented = handshake(simulator.adminCredentials(), "TLSv1.2");

        assertThat(presented).isEqualTo(node.serverCertificate());
    }

    @Test
    void theCertificateComesFromTheAppliedConfigsMachineCaHostnameAndCertSans() throws Exception {
        CertificateAuthority clusterCa = simulator.osCa();
        apply(simulator.adminCredentials(), configWith(clusterCa, true, "k8s-a", "10.9.8.7", "k8s-a.tail1.ts.net"));

        X509Certificate presented = handshake(simulator.adminCredentials(), "TLSv1.3");

        assertThat(sans(presented)).containsExactlyInAnyOrder("127.0.20.1", "100.64.0.11", "k8s-a", "10.9.8.7",
                "k8s-a.tail1.ts.net");
        assertThat(presented.getSubjectX500Principal().getName()).isEqualTo("CN=k8s-a");
        presented.verify(clusterCa.certificate().getPublicKey());
    }

    @Test
    void aConfigFromAnotherBundleLocksTheOldTalosconfigOut() throws Exception {
        CertificateAuthority otherBundle = CertificateAuthority.generateOsCa();
        apply(simulator.adminCredentials(), configWith(otherBundle, true, "node-a", "10.1.1.1"));

        assertThatThrownBy(() -> handshake(simulator.adminCredentials(), "TLSv1.3"))
                .isInstanceOf(javax.net.ssl.SSLException.class);
        TalosCredentials newTalosconfig = TalosCredentials.of(otherBundle.certificate(),
                otherBundle.issueClientCertificate(List.of("os:admin"), CertificateAuthority.CLIENT_VALIDITY));
        X509Certificate presented = handshake(newTalosconfig, "TLSv1.3");
        presented.verify(otherBundle.certificate().getPublicKey());
        assertThat(node.trustedClientCas()).containsExactly(otherBundle.certificate());
    }

    @Test
    void aWorkerWithoutTheCaKeyGetsItsCertificateFromTheControlPlanesTrustd() throws Exception {
        CertificateAuthority otherBundle = CertificateAuthority.generateOsCa();
        SimulatedNode worker = simulator.node("node-b");
        String workerConfig = configWith(otherBundle, false, "node-b");
        try (TalosClient client = TalosClient.builder(worker.endpoint()).credentials(simulator.adminCredentials())
                .dialPolicy(DialPolicy.loopbackOnly()).build()) {
            client.applyConfiguration(workerConfig.getBytes(StandardCharsets.UTF_8),
                    ApplyConfigurationRequest.Mode.NO_REBOOT, false, null);
        }
        assertThat(worker.serverCertificate().getIssuerX500Principal()).as("no control plane holds that key yet")
                .isEqualTo(simulator.osCa().certificate().getSubjectX500Principal());
        assertThat(worker.serverCertificate().getPublicKey()).isNotNull();

        apply(simulator.adminCredentials(), configWith(otherBundle, true, "node-a"));
        try (TalosClient client = TalosClient.builder(worker.endpoint()).credentials(simulator.adminCredentials())
                .dialPolicy(DialPolicy.loopbackOnly()).build()) {
            client.applyConfiguration((workerConfig + "  certSANs: [node-b.lab]\n").getBytes(StandardCharsets.UTF_8),
                    ApplyConfigurationRequest.Mode.NO_REBOOT, false, null);
        }

        worker.serverCertificate().verify(otherBundle.certificate().getPublicKey());
        assertThat(sans(worker.serverCertificate())).contains("node-b.lab", "127.0.20.2");
        assertThat(worker.trustedClientCas()).containsExactly(otherBundle.certificate());
    }

    private void apply(TalosCredentials credentials, String config) {
        try (TalosClient client = TalosClient.builder(node.endpoint()).credentials(credentials)
                .dialPolicy(DialPolicy.loopbackOnly()).build()) {
            client.applyConfiguration(config.getBytes(StandardCharsets.UTF_8),
                    ApplyConfigurationRequest.Mode.NO_REBOOT, false, null);
        }
    }

    private static String configWith(CertificateAuthority ca, boolean withKey, String hostname, String... certSans) {
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        return "version: v1alpha1\nmachine:\n  type: " + (withKey ? "controlplane" : "worker") + "\n  ca:\n    crt: "
                + base64.encodeToString(ca.certificatePem().getBytes(StandardCharsets.UTF_8)) + "\n    key: \""
                + (withKey ? base64.encodeToString(ca.privateKeyPem().getBytes(StandardCharsets.UTF_8)) : "") + "\"\n"
                + "  network:\n    hostname: " + hostname + "\n"
                + (certSans.length == 0 ? "" : "  certSANs: [" + String.join(", ", certSans) + "]\n");
    }

    @Test
    void nodeMetadataRoutesOneToOneWithoutHostname() throws Exception {
        ManagedChannel channel = channel();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("node", Metadata.ASCII_STRING_MARSHALLER), "127.0.20.2");
            VersionResponse reply = MachineServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .version(Empty.getDefaultInstance());

            assertThat(reply.getMessagesCount()).isEqualTo(1);
            assertThat(reply.getMessages(0).hasMetadata()).isFalse();

            headers.put(Metadata.Key.of("node", Metadata.ASCII_STRING_MARSHALLER), "127.0.20.1");
            assertThatThrownBy(() -> MachineServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .version(Empty.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).isEqualTo("node metadata must be single-valued");
                    });
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void sslContextIsSharedPerCredentials() {
        TalosCredentials admin = simulator.adminCredentials();

        assertThat(TalosSslContexts.client(admin)).isSameAs(TalosSslContexts.client(
                new TalosCredentials(admin.caPem(), admin.crtPem(), admin.keyPem())));
    }

    private ManagedChannel channel() {
        return NettyChannelBuilder.forAddress("127.0.20.1", node.port())
                .sslContext(TalosSslContexts.client(simulator.adminCredentials()))
                .build();
    }

    private X509Certificate handshake(TalosCredentials credentials, String protocol) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", credentials.privateKey(), new char[0],
                credentials.certificateChain().toArray(X509Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", credentials.caCertificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.20.1", node.port())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(new String[] {protocol});
            parameters.setApplicationProtocols(new String[] {"h2"});
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
            assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static List<String> sans(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList();
    }
}

package dev.tailtalos.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.TalosCallException;
import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.common.talos.TalosNodeException;
import dev.tailtalos.common.talos.pki.CertificateAuthority;
import dev.tailtalos.proto.talos.machine.ApplyConfiguration;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest.Mode;
import dev.tailtalos.proto.talos.machine.ServiceInfo;
import dev.tailtalos.proto.talos.machine.ServiceList;
import dev.tailtalos.proto.talos.machine.Version;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedNodeTest {

    private static final String CONFIG = "version: v1alpha1\nmachine:\n  type: worker\n  certSANs: []\n"
            + "cluster:\n  clusterName: lab\n";
    private static final String TAILSCALE = "---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\n"
            + "environment:\n  - TS_AUTHKEY=tskey-auth-test\n";

    private NodeSimulator simulator;
    private SimulatedNode nodeA;
    private SimulatedNode nodeB;

    @BeforeEach
    void startNodes() throws Exception {
        simulator = new NodeSimulator(List.of(
                new NodeSpec("node-a", "127.0.10.1", 0),
                new NodeSpec("node-b", "127.0.10.2", 0, List.of("100.64.0.12"))));
        simulator.start();
        nodeA = simulator.node("node-a");
        nodeB = simulator.node("node-b");
    }

    @AfterEach
    void stopNodes() {
        simulator.close();
    }

    @Test
    void versionOverMutualTls() {
        try (TalosClient client = admin(nodeA).build()) {
            Version version = client.version();

            assertThat(version.getVersion().getTag()).isEqualTo("v1.10.4");
            assertThat(version.getVersion().getGoVersion()).isEqualTo("go1.24.4");
            assertThat(version.getPlatform().getName()).isEqualTo("metal");
            assertThat(version.hasFeatures()).as("no config loaded yet").isFalse();
            assertThat(version.getMetadata().getHostname()).as("no routing metadata").isEmpty();
        }
    }

    @Test
    void applyConfigurationStoresConfigInMemory() throws Exception {
        try (TalosClient client = admin(nodeA).build()) {
            ApplyConfiguration reply = client.applyConfiguration(bytes(CONFIG), Mode.AUTO, false, Duration.ofMinutes(1));

            assertThat(reply.getMode()).isEqualTo(Mode.NO_REBOOT);
            assertThat(reply.getModeDetails()).isEqualTo("Applied configuration without a reboot");
            assertThat(nodeA.applyCount()).isEqualTo(1);
            assertThat(nodeA.appliedConfig()).contains(CONFIG);
            assertThat(nodeA.lastAppliedDigest()).contains(sha256(CONFIG));
            assertThat(client.version().getFeatures().getRbac()).isTrue();
        }
    }

    @Test
    void dryRunStoresNothing() {
        try (TalosClient client = admin(nodeA).build()) {
            ApplyConfiguration reply = client.applyConfiguration(bytes(CONFIG), Mode.AUTO, true, null);

            assertThat(reply.getModeDetails()).startsWith("Dry run summary:\n");
            assertThat(reply.getModeDetails()).contains("+version: v1alpha1");
            assertThat(nodeA.applyCount()).isZero();
            assertThat(nodeA.appliedConfig()).isEmpty();
        }
    }

    @Test
    void invalidConfigurationIsInvalidArgument() {
        try (TalosClient client = admin(nodeA).build()) {
            assertThatThrownBy(() -> client.applyConfiguration(bytes("machine: [unclosed"), Mode.AUTO, false, null))
                    .isInstanceOfSatisfying(TalosCallException.class, e -> {
                        assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.isTransient()).isFalse();
                    });
            assertThatThrownBy(() -> client.applyConfiguration(bytes(TAILSCALE), Mode.AUTO, false, null))
                    .isInstanceOf(TalosCallException.class)
                    .hasMessageContaining("doesn't contain v1alpha1 config, did you mean to patch");
            assertThat(nodeA.applyCount()).isZero();
        }
    }

    @Test
    void serviceListShowsTailscaleAfterExtensionServiceConfig() {
        try (TalosClient client = admin(nodeA).build()) {
            assertThat(ids(client.serviceList())).containsOnlyKeys("apid", "machined", "kubelet", "ext-tailscale");
            assertThat(ids(client.serviceList()).get("ext-tailscale").getState()).as("extension installed, no config")
                    .isEqualTo("Waiting");

            client.applyConfiguration(bytes(CONFIG), Mode.AUTO, false, null);
            ServiceInfo waiting = ids(client.serviceList()).get("ext-tailscale");
            assertThat(waiting.getState()).isEqualTo("Waiting");
            assertThat(waiting.getHealth().getUnknown()).isTrue();

            client.applyConfiguration(bytes(CONFIG + TAILSCALE), Mode.AUTO, false, null);
            ServiceList services = client.serviceList();
            ServiceInfo tailscale = ids(services).get("ext-tailscale");
            assertThat(tailscale.getState()).isEqualTo("Running");
            assertThat(tailscale.getHealth().getHealthy()).isTrue();
            assertThat(services.getServicesList()).allSatisfy(service -> {
                assertThat(service.hasEvents()).isTrue();
                assertThat(service.getEvents().getEventsList()).isNotEmpty()
                        .allSatisfy(event -> assertThat(event.hasTs()).isTrue());
                assertThat(service.hasHealth()).isTrue();
            });
        }
    }

    @Test
    void readerMayReadButNotApply() {
        try (TalosClient client = withCredentials(nodeA, simulator.credentials(List.of("os:reader"))).build()) {
            assertThat(client.version().getVersion().getTag()).isEqualTo("v1.10.4");
            assertThatThrownBy(() -> client.applyConfiguration(bytes(CONFIG), Mode.AUTO, false, null))
                    .isInstanceOfSatisfying(TalosCallException.class, e -> {
                        assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
                        assertThat(e.getMessage()).contains("not authorized");
                        assertThat(e.isTransient()).isFalse();
                    });
        }
        assertThat(nodeA.applyCount()).isZero();
    }

    @Test
    void unknownRolesGrantNothing() {
        try (TalosClient client = withCredentials(nodeA, simulator.credentials(List.of("os:unknown"))).build()) {
            assertThatThrownBy(client::version).isInstanceOfSatisfying(TalosCallException.class,
                    e -> assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED));
        }
    }

    @Test
    void nodesMetadataFansOutWithHostnames() {
        try (TalosClient client = admin(nodeA).nodes(List.of("127.0.10.1", "100.64.0.12")).build()) {
            Version version = client.version();
            assertThat(version.getMetadata().getHostname()).isEqualTo("127.0.10.1");

            client.applyConfiguration(bytes(CONFIG), Mode.AUTO, false, null);

            assertThat(nodeA.applyCount()).isEqualTo(1);
            assertThat(nodeB.applyCount()).as("reached through its tailnet address").isEqualTo(1);
        }
    }

    @Test
    void nodesMetadataErrorsArriveInMessageMetadata() {
        TalosCredentials reader = simulator.credentials(List.of("os:reader"));
        try (TalosClient client = withCredentials(nodeA, reader).nodes(List.of("node-b")).build()) {
            assertThatThrownBy(() -> client.applyConfiguration(bytes(CONFIG), Mode.AUTO, false, null))
                    .isInstanceOfSatisfying(TalosNodeException.class, e -> {
                        assertThat(e.hostname()).isEqualTo("node-b");
                        assertThat(e.error()).isEqualTo("rpc error: code = PermissionDenied desc = not authorized");
                        assertThat(e.code()).contains(Status.Code.PERMISSION_DENIED);
                    });
        }
        try (TalosClient client = admin(nodeA).nodes(List.of("127.0.99.99")).build()) {
            assertThatThrownBy(client::version).isInstanceOfSatisfying(TalosNodeException.class,
                    e -> assertThat(e.isTransient()).isTrue());
        }
    }

    @Test
    void serverCertificateWithoutDialedAddressIsRefused() {
        try (TalosClient client = admin(nodeA).tlsServerName("127.0.10.2").build()) {
            assertThatThrownBy(client::version).isInstanceOfSatisfying(TalosCallException.class, e -> {
                assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(e.tlsFailure()).isTrue();
            }).hasMessageContaining("x509: certificate is valid for 127.0.10.1, not 127.0.10.2");
        }
    }

    @Test
    void serverFromAnotherCaIsRefused() {
        CertificateAuthority other = CertificateAuthority.generateOsCa();
        TalosCredentials foreign = TalosCredentials.of(other.certificate(),
                other.issueClientCertificate(List.of("os:admin"), Duration.ofHours(1)));
        try (TalosClient client = withCredentials(nodeA, foreign).build()) {
            assertThatThrownBy(client::version).isInstanceOfSatisfying(TalosCallException.class,
                    e -> assertThat(e.tlsFailure()).isTrue()).hasStackTraceContaining("PKIX");
        }
    }

    @Test
    void certSansAreReissuedLive() {
        int port = nodeA.port();
        try (TalosClient before = admin(nodeA).tlsServerName("10.99.0.7").build()) {
            assertThatThrownBy(before::version).isInstanceOf(TalosCallException.class)
                    .hasStackTraceContaining("10.99.0.7");
        }
        try (TalosClient client = admin(nodeA).build()) {
            String config = CONFIG.replace("certSANs: []", "certSANs:\n    - 10.99.0.7\n    - talos.lab.test");
            client.applyConfiguration(bytes(config), Mode.AUTO, false, null);
            assertThat(client.version().getVersion().getTag()).as("existing connection keeps working")
                    .isEqualTo("v1.10.4");
        }
        try (TalosClient byIp = admin(nodeA).tlsServerName("10.99.0.7").build();
                TalosClient byName = admin(nodeA).tlsServerName("talos.lab.test").build()) {
            assertThat(byIp.version().getVersion().getTag()).isEqualTo("v1.10.4");
            assertThat(byName.version().getVersion().getTag()).isEqualTo("v1.10.4");
        }
        assertThat(nodeA.port()).as("same server").isEqualTo(port);
    }

    @Test
    void talosconfigFromSimulatorWorksForTheClient(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("talosconfig");
        simulator.writeTalosconfig(file, "sim");

        TalosConfig.Context context = TalosConfig.read(file).currentContext();

        assertThat(context.endpoints()).containsExactly(nodeA.endpoint(), nodeB.endpoint());
        try (TalosClient client = TalosClient.connect(context.endpoints().get(1), context.credentials(),
                DialPolicy.loopbackOnly())) {
            assertThat(client.version().getVersion().getTag()).isEqualTo("v1.10.4");
        }
    }

    private TalosClient.Builder admin(SimulatedNode node) {
        return withCredentials(node, simulator.adminCredentials());
    }

    private static TalosClient.Builder withCredentials(SimulatedNode node, TalosCredentials credentials) {
        return TalosClient.builder(node.endpoint()).credentials(credentials).dialPolicy(DialPolicy.loopbackOnly())
                .callTimeout(Duration.ofSeconds(10));
    }

    private static Map<String, ServiceInfo> ids(ServiceList services) {
        return services.getServicesList().stream().collect(Collectors.toMap(ServiceInfo::getId, Function.identity()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(text)));
    }
}

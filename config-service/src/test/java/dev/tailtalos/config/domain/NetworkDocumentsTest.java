package dev.tailtalos.config.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.Yaml;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * networkInterfaces → Talos ≥1.12 network documents, as talhelper v3.1.16 converts them (each expectation was checked
 * against the real binary), and the inputs talhelper or Talos refuses.
 */
class NetworkDocumentsTest {

    private static final Yaml YAML = new Yaml();
    private static final TalosContract V1_13 = TalosContract.of("v1.13.8");
    private static final TalosContract V1_10 = TalosContract.of("v1.10.4");
    private static final String AT = "nodes[0].networkInterfaces";
    private static final String KEY_A = "QC/jc96MQGd+aXgrJrREl/SDVQUXHXVHjltxAIrjmaE=";
    private static final String KEY_B = "T+Pr7gaRmey2gUDdZwTqu4zakCx1lfGfgQBXXXlJJPw=";

    private static List<JsonNode> interfaces(String yaml) {
        List<JsonNode> entries = new java.util.ArrayList<>();
        YAML.readAll("test", yaml).get(0).forEach(entries::add);
        return entries;
    }

    private static List<JsonNode> convert(String yaml) {
        List<ObjectNode> documents = NetworkDocuments.forNode(interfaces(yaml), AT, V1_13, true);
        return YAML.readAll("rendered", YAML.write(documents));
    }

    private static void assertConverts(String interfaces, String expected) {
        assertThat(convert(interfaces)).isEqualTo(YAML.readAll("expected", expected));
    }

    private static List<ConfigProblem> refused(String yaml, TalosContract contract) {
        ConfigValidationException e = catchThrowableOfType(ConfigValidationException.class,
                () -> NetworkDocuments.forNode(interfaces(yaml), AT, contract, true));
        assertThat(e).as("expected the interfaces to be refused").isNotNull();
        assertThat(e.errors()).allSatisfy(p -> assertThat(p.file()).isEqualTo("talconfig.yaml"));
        return e.errors();
    }

    private static ConfigProblem refusedOnce(String yaml) {
        List<ConfigProblem> errors = refused(yaml, V1_13);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void addressesRoutesAndMtuBecomeALinkConfigInGoCanonicalForm() {
        assertConverts("""
                - interface: eth0
                  addresses: [FD00:0:0::1/64, 192.168.50.11]
                  mtu: 1500
                  routes:
                    - network: 0.0.0.0/0
                      gateway: 192.168.50.1
                    - network: ::/0
                      gateway: fd00:0::1
                    - network: 10.20.0.0/16
                      gateway: 192.168.50.254
                      source: 192.168.50.11
                      metric: 100
                      mtu: 1400
                    - gateway: 192.168.50.2
                """, """
                apiVersion: v1alpha1
                kind: LinkConfig
                name: eth0
                mtu: 1500
                addresses:
                  - address: fd00::1/64
                  - address: 192.168.50.11/32
                routes:
                  - gateway: 192.168.50.1
                  - gateway: fd00::1
                  - destination: 10.20.0.0/16
                    gateway: 192.168.50.254
                    source: 192.168.50.11
                    metric: 100
                    mtu: 1400
                  - gateway: 192.168.50.2
                """);
    }

    @Test
    void documentsComeInTalhelpersOrderAcrossEntries() {
        List<JsonNode> documents = convert("""
                - interface: br0
                  bridge: {interfaces: [eth4]}
                - interface: wg0
                  wireguard: {privateKey: %s}
                - interface: eth0
                  addresses: [192.168.1.2/24]
                  dhcp: true
                  vip: {ip: 192.168.1.10}
                  vlans: [{vlanId: 7}]
                - interface: bond0
                  bond: {mode: active-backup, deviceSelectors: [{driver: igb}]}
                - deviceSelector: {driver: e1000e}
                  dhcp: true
                """.formatted(KEY_A));
        assertThat(documents).extracting(d -> d.path("kind").asText() + "/" + d.path("name").asText()).containsExactly(
                "LinkAliasConfig/ethSel0", "LinkAliasConfig/bond0-m0", "BondConfig/bond0", "DHCPv4Config/eth0",
                "DHCPv4Config/ethSel0", "Layer2VIPConfig/192.168.1.10", "LinkConfig/eth0", "VLANConfig/eth0.7",
                "WireguardConfig/wg0", "BridgeConfig/br0");
    }

    @Test
    void selectorsBecomeLinkAliasesWithFreeNamesPerKind() {
        List<JsonNode> documents = convert("""
                - interface: ethSel0
                  mtu: 9000
                - deviceSelector: {busPath: "0000:00:1f.6", pciID: "8086:15bc"}
                  addresses: [192.168.50.22/24]
                - deviceSelector: {permanentAddr: "aa:bb:*", physical: false}
                  bond: {mode: active-backup, interfaces: [eth1]}
                - deviceSelector: {hardwareAddr: "00:1a:2b:*", physical: true}
                  dhcp: true
                """);
        assertThat(documents.subList(0, 3)).isEqualTo(YAML.readAll("expected", """
                apiVersion: v1alpha1
                kind: LinkAliasConfig
                name: ethSel1
                selector:
                  match: glob("0000:00:1f.6", link.bus_path) && glob("8086:15bc", link.pciid)
                ---
                apiVersion: v1alpha1
                kind: LinkAliasConfig
                name: bond0
                selector:
                  match: glob("aa:bb:*", mac(link.permanent_addr)) && link.type != 1
                ---
                apiVersion: v1alpha1
                kind: LinkAliasConfig
                name: ethSel2
                selector:
                  match: glob("00:1a:2b:*", mac(link.hardware_addr)) && link.type == 1
                """));
        assertThat(documents).extracting(d -> d.path("kind").asText() + "/" + d.path("name").asText())
                .contains("BondConfig/bond0", "DHCPv4Config/ethSel2", "LinkConfig/ethSel0", "LinkConfig/ethSel1");
    }

    @Test
    void bondsCarryTheirOptionsAndMemberAliases() {
        assertConverts("""
                - interface: bond1
                  mtu: 9000
                  addresses: [192.168.50.21/24]
                  bond:
                    mode: 802.3ad
                    deviceSelectors:
                      - hardwareAddr: "aa:bb:cc:dd:ee:01"
                      - permanentAddr: "aa:bb:cc:dd:ee:02"
                        physical: true
                    lacpRate: fast
                    xmitHashPolicy: layer3+4
                    miimon: 100
                    updelay: 200
                    useCarrier: false
                    tlbDynamicLb: 0
                    resendIgmp: 2
                    peerNotifyDelay: 300
                    adActorSysPrio: 65535
                """, """
                apiVersion: v1alpha1
                kind: LinkAliasConfig
                name: bond1-m0
                selector:
                  match: glob("aa:bb:cc:dd:ee:01", mac(link.hardware_addr))
                ---
                apiVersion: v1alpha1
                kind: LinkAliasConfig
                name: bond1-m1
                selector:
                  match: glob("aa:bb:cc:dd:ee:02", mac(link.permanent_addr)) && link.type == 1
                ---
                apiVersion: v1alpha1
                kind: BondConfig
                name: bond1
                links: [bond1-m0, bond1-m1]
                bondMode: 802.3ad
                miimon: 100
                updelay: 200
                useCarrier: false
                xmitHashPolicy: layer3+4
                lacpRate: fast
                adActorSysPrio: 65535
                resendIGMP: 2
                peerNotifDelay: 300
                mtu: 9000
                addresses:
                  - address: 192.168.50.21/24
                """);
    }

    @Test
    void dhcpOptionsPickTheFamiliesAndMetric() {
        assertConverts("""
                - interface: eth0
                  dhcp: true
                  dhcpOptions: {routeMetric: 512, ipv6: true, duidv6: "00:01"}
                - interface: eth1
                  dhcp: true
                  dhcpOptions: {ipv4: false, ipv6: true}
                - interface: eth2
                  dhcp: false
                  dhcpOptions: {ipv6: true}
                """, """
                apiVersion: v1alpha1
                kind: DHCPv4Config
                name: eth0
                routeMetric: 512
                ---
                apiVersion: v1alpha1
                kind: DHCPv6Config
                name: eth0
                routeMetric: 512
                ---
                apiVersion: v1alpha1
                kind: DHCPv6Config
                name: eth1
                """);
    }

    @Test
    void vlansBringTheirDhcpAndVipAndDropWhatTalhelperDrops() {
        assertConverts("""
                - interface: eth0
                  vlans:
                    - vlanId: 0
                      addresses: [10.0.0.1/24]
                    - vlanId: 100
                      addresses: [192.168.100.11/24]
                      mtu: 1400
                      routes:
                        - network: 10.1.0.0/16x
                          gateway: 10.0.5.1
                        - network: 192.168.200.0/24
                          gateway: 192.168.100.1
                      vip: {ip: 192.168.100.10}
                      dhcp: true
                      dhcpOptions: {routeMetric: 2048, ipv6: true}
                """, """
                apiVersion: v1alpha1
                kind: VLANConfig
                name: eth0.100
                vlanID: 100
                parent: eth0
                mtu: 1400
                addresses:
                  - address: 192.168.100.11/24
                routes:
                  - destination: 192.168.200.0/24
                    gateway: 192.168.100.1
                ---
                apiVersion: v1alpha1
                kind: DHCPv4Config
                name: eth0.100
                routeMetric: 2048
                ---
                apiVersion: v1alpha1
                kind: DHCPv6Config
                name: eth0.100
                routeMetric: 2048
                ---
                apiVersion: v1alpha1
                kind: Layer2VIPConfig
                name: 192.168.100.10
                link: eth0.100
                """);
    }

    @Test
    void wireguardKeepsParseableEndpointsAndGoDurations() {
        assertConverts("""
                - interface: wg0
                  mtu: 1380
                  addresses: [100.64.10.1/24]
                  wireguard:
                    privateKey: %s
                    listenPort: 51820
                    firewallMark: 42
                    peers:
                      - publicKey: %s
                        endpoint: vpn.example.com:51820
                        persistentKeepaliveInterval: 90s
                        allowedIPs: [100.64.10.0/24]
                      - publicKey: %s
                        endpoint: "[FD00::1]:051820"
                        persistentKeepaliveInterval: 1h
                """.formatted(KEY_A, KEY_B, KEY_B), """
                apiVersion: v1alpha1
                kind: WireguardConfig
                name: wg0
                privateKey: %s
                listenPort: 51820
                firewallMark: 42
                peers:
                  - publicKey: %s
                    persistentKeepaliveInterval: 1m30s
                    allowedIPs: [100.64.10.0/24]
                  - publicKey: %s
                    endpoint: "[fd00::1]:51820"
                    persistentKeepaliveInterval: 1h0m0s
                mtu: 1380
                addresses:
                  - address: 100.64.10.1/24
                """.formatted(KEY_A, KEY_B, KEY_B));
    }

    @Test
    void bridgesKeepStpEvenWhenOffButVlanFilteringOnlyWhenOn() {
        assertConverts("""
                - interface: br0
                  dhcp: true
                  bridge:
                    interfaces: [enp3s0]
                    stp: {enabled: false}
                    vlan: {vlanFiltering: false}
                - interface: br1
                  bridge:
                    interfaces: [enp4s0]
                    vlan: {vlanFiltering: true}
                """, """
                apiVersion: v1alpha1
                kind: DHCPv4Config
                name: br0
                ---
                apiVersion: v1alpha1
                kind: BridgeConfig
                name: br0
                links: [enp3s0]
                stp: {enabled: false}
                ---
                apiVersion: v1alpha1
                kind: BridgeConfig
                name: br1
                links: [enp4s0]
                vlan: {filtering: true}
                """);
    }

    @Test
    void aWireguardPrivateKeyMayStayACustodyReference() {
        List<ObjectNode> documents = NetworkDocuments.forNode(
                interfaces("- interface: wg0\n  wireguard: {privateKey: custody://wireguard/wg0#privateKey}\n"), AT,
                V1_13, true);
        assertThat(documents.get(0).path("privateKey").asText()).isEqualTo("custody://wireguard/wg0#privateKey");
        assertThat(SecretReferences.scan(documents)).extracting(SecretUse::uri)
                .containsExactly("custody://wireguard/wg0#privateKey");
    }

    @Test
    void ignoreIsDroppedLikeTalhelperDoes() {
        assertConverts("""
                - interface: eth3
                  ignore: true
                  dhcp: true
                - interface: eth9
                  ignore: true
                """, """
                apiVersion: v1alpha1
                kind: DHCPv4Config
                name: eth3
                """);
    }

    @Test
    void anUnquotedMacStaysText() {
        assertThat(convert("- deviceSelector: {hardwareAddr: 00:11:22:33:44:55}\n  dhcp: true\n").get(0)
                .path("selector").path("match").asText()).isEqualTo("glob(\"00:11:22:33:44:55\", mac(link.hardware_addr))");
    }

    @Test
    void theVipNameIsTheAddressAsWritten() {
        assertThat(convert("- interface: eth0\n  vip: {ip: FD00::10}\n").get(0).path("name").asText())
                .isEqualTo("FD00::10");
    }

    @Test
    void beforeTalos112NothingIsConvertedButTheChecksStillRun() {
        assertThat(NetworkDocuments.forNode(interfaces("- interface: eth0\n  dhcp: true\n"), AT, V1_10, true)).isEmpty();
        assertThat(refused("- interface: eth0\n  cidr: 192.168.50.11/24\n", V1_10)).singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo(AT + "[0].cidr");
                    assertThat(p.message()).contains("deprecated");
                });
    }

    @Test
    void talhelpersValidatorRefusals() {
        assertThat(refusedOnce("- dhcp: true\n").field()).isEqualTo(AT + "[0]");
        assertThat(refusedOnce("- interface: eth0\n  deviceSelector: {driver: igb}\n").message())
                .contains("not both");
        assertThat(refusedOnce("- deviceSelector: {}\n").field()).isEqualTo(AT + "[0].deviceSelector");
        assertThat(refusedOnce("- interface: eth0\n  addresses: [10.0.0.300/24]\n").field())
                .isEqualTo(AT + "[0].addresses[0]");
        assertThat(refusedOnce("- interface: eth0\n  routes: [{metric: 5}]\n").field()).isEqualTo(AT + "[0].routes[0]");
        assertThat(refusedOnce("- interface: eth0\n  routes: [{network: 10.0.0.0/33, gateway: 10.0.0.1}]\n").field())
                .isEqualTo(AT + "[0].routes[0].network");
        assertThat(refusedOnce("- interface: eth0\n  vip: {ip: nope}\n").field()).isEqualTo(AT + "[0].vip.ip");
        assertThat(refusedOnce("- interface: eth0\n  vlans: [{vlanId: 5, addresses: [bad]}]\n").field())
                .isEqualTo(AT + "[0].vlans[0].addresses[0]");
        assertThat(refusedOnce("- interface: b0\n  bond: {mode: 802.3ad, interfaces: [a], deviceSelectors: [{driver: x}]}\n")
                .message()).contains("not both");
        assertThat(refusedOnce("- interface: b0\n  bond: {mode: fast-ish, interfaces: [a]}\n").field())
                .isEqualTo(AT + "[0].bond.mode");
        assertThat(refusedOnce("- interface: b0\n  bond: {mode: active-backup, interfaces: [a], lacpRate: fast}\n")
                .field()).isEqualTo(AT + "[0].bond.lacpRate");
        assertThat(refusedOnce("- interface: b0\n  bond: {mode: 802.3ad, interfaces: [a], miimon: 100, updelay: 150}\n")
                .message()).contains("multiple of miimon");
        assertThat(refusedOnce("- interface: b0\n  bond: {mode: 802.3ad, interfaces: [a], arpIPTarget: [10.0.0.1]}\n")
                .field()).isEqualTo(AT + "[0].bond.arpIPTarget");
        assertThat(refusedOnce("- interface: wg0\n  wireguard: {privateKey: short}\n").field())
                .isEqualTo(AT + "[0].wireguard.privateKey");
        assertThat(refusedOnce("- interface: wg0\n  wireguard: {privateKey: " + KEY_A
                + ", peers: [{publicKey: " + KEY_B + ", endpoint: no-port}]}\n").field())
                .isEqualTo(AT + "[0].wireguard.peers[0].endpoint");
    }

    @Test
    void bondAndBridgeMembershipIsCheckedInOrder() {
        assertThat(refused("""
                - interface: bond0
                  bond: {mode: active-backup, interfaces: [eth0, eth1]}
                - interface: bond1
                  bond: {mode: active-backup, interfaces: [eth1]}
                - interface: br0
                  bridge: {interfaces: [eth0]}
                - interface: eth0
                  dhcp: true
                """, V1_13)).extracting(ConfigProblem::field).containsExactly(AT + "[1].bond", AT + "[2].bridge", AT + "[3]");
        assertThat(NetworkDocuments.forNode(interfaces("""
                - interface: eth0
                  dhcp: true
                - interface: bond0
                  bond: {mode: active-backup, interfaces: [eth0]}
                """), AT, V1_13, true)).as("a member before its bond is not checked, as in talhelper").hasSize(2);
        assertThat(refusedOnce("- interface: x\n  bond: {mode: active-backup, interfaces: [a]}\n  bridge: {interfaces: [b]}\n")
                .message()).contains("both a bond and a bridge");
    }

    @Test
    void beforeTalos112TalosAlsoRefusesWorkerVipsAndAddressedMembersInAnyOrder() {
        String members = """
                - interface: br0
                  bridge: {interfaces: [eth0]}
                - interface: eth0
                  dhcp: true
                - interface: eth1
                  addresses: [192.168.1.1/24]
                - interface: bond0
                  bond: {mode: active-backup, interfaces: [eth1]}
                """;
        assertThat(refused(members, V1_10)).extracting(ConfigProblem::field).containsExactly(AT + "[1]", AT + "[2]");
        assertThat(NetworkDocuments.forNode(interfaces(members), AT, V1_13, true)).hasSize(4);

        String vips = "- interface: eth0\n  vip: {ip: 192.168.1.10}\n  vlans: [{vlanId: 5, vip: {ip: 192.168.5.10}}]\n";
        ConfigValidationException worker = catchThrowableOfType(ConfigValidationException.class,
                () -> NetworkDocuments.forNode(interfaces(vips), AT, V1_10, false));
        assertThat(worker.errors()).extracting(ConfigProblem::field)
                .containsExactly(AT + "[0].vip", AT + "[0].vlans[0].vip");
        assertThat(NetworkDocuments.forNode(interfaces(vips), AT, V1_10, true)).isEmpty();
        assertThat(NetworkDocuments.forNode(interfaces(vips), AT, V1_13, false)).hasSize(3);
    }

    @Test
    void talosRefusalsOfTheGeneratedDocuments() {
        assertThat(refusedOnce("- interface: bond0\n  bond: {interfaces: [eth0]}\n").field())
                .isEqualTo(AT + "[0].bond.mode");
        assertThat(refusedOnce("- interface: bond0\n  bond: {mode: active-backup}\n").message())
                .contains("at least one link");
        assertThat(refusedOnce("- interface: eth0\n  vlans: [{vlanId: 5000}]\n").field())
                .isEqualTo(AT + "[0].vlans[0].vlanId");
        assertThat(refusedOnce("- interface: eth0\n  vlans: [{vlanId: 5, vip: {ip: nope}}]\n").field())
                .isEqualTo(AT + "[0].vlans[0].vip.ip");
        assertThat(refusedOnce("- interface: eth0\n  addresses: [0.0.0.0/24]\n").message()).contains("unspecified");
        assertThat(refusedOnce("- interface: eth0\n  routes: [{network: 10.0.0.0/8, gateway: 0.0.0.0}]\n").field())
                .isEqualTo(AT + "[0].routes[0].gateway");
        assertThat(refusedOnce("- deviceSelector: {driver: 'e1000\"e'}\n  dhcp: true\n").field())
                .isEqualTo(AT + "[0].deviceSelector.driver");
        assertThat(refusedOnce("- interface: wg0\n  wireguard: {privateKey: " + KEY_A + ", listenPort: 70000}\n").field())
                .isEqualTo(AT + "[0].wireguard.listenPort");
        assertThat(refused("- interface: wg0\n  wireguard: {privateKey: " + KEY_A
                + ", peers: [{publicKey: " + KEY_B + ", persistentKeepaliveInterval: 25}]}\n", V1_13))
                .extracting(ConfigProblem::field).containsExactly(AT + "[0].wireguard.peers[0].persistentKeepaliveInterval");
    }

    @Test
    void duplicateAndConflictingDocumentsAreRefusedNamingBothEntries() {
        ConfigProblem duplicate = refusedOnce("""
                - interface: eth0
                  addresses: [192.168.50.11/24]
                - interface: eth0
                  mtu: 1400
                """);
        assertThat(duplicate.field()).isEqualTo(AT + "[1]");
        assertThat(duplicate.message()).contains("LinkConfig eth0").contains(AT + "[0]");
        ConfigProblem conflict = refusedOnce("""
                - interface: eth0
                  vlans: [{vlanId: 5}]
                - interface: eth0.5
                  mtu: 1400
                """);
        assertThat(conflict.message()).contains("VLANConfig eth0.5").contains("LinkConfig eth0.5");
    }

    @Test
    void wrongTypesNameTheirField() {
        List<ConfigProblem> errors = refused("""
                - interface: eth0
                  mtu: "1500"
                  dhcp: yes please
                  addresses: 192.168.1.1/24
                  vlans: [{vlanId: 70000}]
                - just a string
                """, V1_13);
        assertThat(errors).extracting(ConfigProblem::field).containsExactly(AT + "[0].addresses", AT + "[0].vlans[0].vlanId",
                AT + "[0].mtu", AT + "[0].dhcp", AT + "[1]");
    }
}

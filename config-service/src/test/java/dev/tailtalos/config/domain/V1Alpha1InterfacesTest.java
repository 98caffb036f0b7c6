package dev.tailtalos.config.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailtalos.common.yaml.Yaml;
import org.junit.jupiter.api.Test;

/** machine.network.interfaces before Talos 1.12, as talhelper v3.1.16 wrote this entry for Talos v1.10.4. */
class V1Alpha1InterfacesTest {

    private static final Yaml YAML = new Yaml();

    @Test
    void encodesLikeTalosEncodesTheDeviceStructs() {
        String input = """
                interface: bond0
                foo: bar
                bond:
                  interfaces: [eth0]
                  updelay: 0
                vlans:
                  - vlanId: 5
                    dhcpOptions: {ipv4: true}
                    vip: {ip: 192.168.5.5, hcloud: {}}
                wireguard:
                  privateKey: QC/jc96MQGd+aXgrJrREl/SDVQUXHXVHjltxAIrjmaE=
                  peers:
                    - publicKey: T+Pr7gaRmey2gUDdZwTqu4zakCx1lfGfgQBXXXlJJPw=
                      persistentKeepaliveInterval: 0s
                    - publicKey: DZJIdo/XFuoY3vidzZQ8AGB+d9IzD0hUjOq6HpYLEoM=
                      persistentKeepaliveInterval: 90s
                bridgePort: {}
                dummy: false
                routes:
                  - network: 10.0.0.0/8
                """;
        String written = """
                interface: bond0
                routes:
                  - network: 10.0.0.0/8
                    gateway: ""
                bond:
                  interfaces: [eth0]
                  mode: ""
                bridgePort: {}
                vlans:
                  - routes: []
                    vlanId: 5
                    vip:
                      ip: 192.168.5.5
                      hcloud:
                        apiToken: ""
                    dhcpOptions:
                      routeMetric: 0
                      ipv4: true
                dummy: false
                wireguard:
                  privateKey: QC/jc96MQGd+aXgrJrREl/SDVQUXHXVHjltxAIrjmaE=
                  peers:
                    - publicKey: T+Pr7gaRmey2gUDdZwTqu4zakCx1lfGfgQBXXXlJJPw=
                    - publicKey: DZJIdo/XFuoY3vidzZQ8AGB+d9IzD0hUjOq6HpYLEoM=
                      persistentKeepaliveInterval: 1m30s
                """;
        assertThat(YAML.readAll("rendered", YAML.write(V1Alpha1Interfaces.encode(YAML.readAll("in", input).get(0)))))
                .isEqualTo(YAML.readAll("talhelper", written));
    }
}

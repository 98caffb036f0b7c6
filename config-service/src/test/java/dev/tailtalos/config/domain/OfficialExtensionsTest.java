package dev.tailtalos.config.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** talhelper's schematic check against the Image Factory's official extensions (messages as talhelper v3.1.16's). */
class OfficialExtensionsTest {

    private static final String REPO = """
            clusterName: ext
            talosVersion: %s
            kubernetesVersion: v1.33.1
            endpoint: https://192.168.1.10:6443
            %s
            controlPlane:
              schematic:
                customization:
                  systemExtensions:
                    officialExtensions: [%s]
            nodes:
              - hostname: a
                ipAddress: 192.168.1.11
                controlPlane: true
                installDisk: /dev/sda
              - hostname: b
                ipAddress: 192.168.1.12
                installDisk: /dev/sda
                schematic:
                  overlay: {name: rpi_generic, image: %s}
              - hostname: c
                ipAddress: 192.168.1.13
                installDisk: /dev/sda
                noSchematicValidate: true
                schematic:
                  customization:
                    systemExtensions:
                      officialExtensions: [example.com/private-ext]
            """;

    @TempDir
    Path dir;

    private RepoFixture repo(String version, String extra, String extensions, String overlayImage) {
        return new RepoFixture(dir).talconfig(REPO.formatted(version, extra, extensions, overlayImage));
    }

    @Test
    void officialExtensionsAndOverlaysOfTheVersionPass() {
        assertThat(repo("v1.10.4", "", "siderolabs/tailscale, siderolabs/i915", "siderolabs/sbc-raspberrypi")
                .render().nodes()).hasSize(3);
    }

    @Test
    void unknownAndDuplicateExtensionsAndABadOverlayAreRefusedAsTalhelperDoes() {
        assertThatThrownBy(() -> repo("v1.10.4", "", "siderolabs/tailscal, siderolabs/i915, siderolabs/i915",
                "siderolabs/sbc-rockchip").load())
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("controlPlane.schematic.customization.systemExtensions.officialExtensions[0]: "
                        + "\"siderolabs/tailscal\" is not a supported Talos extension for \"v1.10.4\" (did you mean "
                        + "\"siderolabs/tailscale\"?)")
                .hasMessageContaining("officialExtensions[2]: duplicate system extension \"siderolabs/i915\"")
                .hasMessageContaining("nodes[1].schematic.overlay: rpi_generic (siderolabs/sbc-rockchip) is not a"
                        + " supported Talos overlay for \"v1.10.4\"")
                .hasMessageNotContaining("private-ext");
    }

    @Test
    void anExtensionNewerThanTheTalosVersionIsRefused() {
        // siderolabs/tailscale is listed from v1.3 on
        assertThatThrownBy(() -> repo("v1.2.0", "", "siderolabs/tailscale", "siderolabs/sbc-raspberrypi").load())
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("\"siderolabs/tailscale\" is not a supported Talos extension for \"v1.2.0\"");
    }

    @Test
    void anotherFactoryIsNotChecked() {
        assertThat(repo("v1.10.4", "imageFactory: {registryURL: factory.lan}", "siderolabs/tailscal",
                "siderolabs/sbc-rockchip").load().config().nodes()).hasSize(3);
    }
}

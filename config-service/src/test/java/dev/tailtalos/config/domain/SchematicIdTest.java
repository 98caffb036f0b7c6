package dev.tailtalos.config.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchematicIdTest {

    @Test
    void emptySchematic() {
        Schematic empty = new Schematic(null, null);
        assertThat(SchematicId.canonicalYaml(empty)).isEqualTo("customization: {}\n");
        assertThat(SchematicId.of(empty)).isEqualTo("376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba");
    }

    @Test
    void tailscaleOnly() {
        assertThat(SchematicId.of(Schematic.ofExtensions("siderolabs/tailscale")))
                .isEqualTo("4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b");
    }

    @Test
    void talhelperVectors() {
        assertThat(SchematicId.of(Schematic.ofExtensions("siderolabs/drbd", "siderolabs/zfs")))
                .isEqualTo("98442b5bb4e8d050f30978ce3e6ec22e7bf534d57cafcd51313235128057e612");
        assertThat(SchematicId.of(new Schematic(null, new Schematic.Customization(List.of("hihi", "hehe"), null, null, null))))
                .isEqualTo("ff5083b14ccb03821ea738d712ac08a82b44d2693013622059edaae286665239");
        assertThat(SchematicId.of(new Schematic(null, new Schematic.Customization(List.of("net.ifnames=0"), null,
                new Schematic.SystemExtensions(List.of("siderolabs/tailscale")), null))))
                .isEqualTo("104c23dfe7c5bfeff6a4cc7e166d8b3bba0f371760592c7677c90c822bb1d109");
    }

    @Test
    void extensionOrderChangesTheId() {
        assertThat(SchematicId.of(Schematic.ofExtensions("siderolabs/zfs", "siderolabs/drbd")))
                .isNotEqualTo(SchematicId.of(Schematic.ofExtensions("siderolabs/drbd", "siderolabs/zfs")));
    }

    @Test
    void installerImagePrecedence() {
        NodeConfig plain = NodeConfig.forImage("n", null, null);
        assertThat(InstallerImage.forNode(plain, "v1.10.4")).isEqualTo(
                "factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.10.4");
        NodeConfig withSchematic = NodeConfig.forImage("n", null, Schematic.ofExtensions("siderolabs/tailscale"));
        assertThat(InstallerImage.forNode(withSchematic, "v1.10.4")).isEqualTo(
                "factory.talos.dev/metal-installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.10.4");
        assertThat(InstallerImage.forNode(withSchematic, "v1.10.4", "factory.talos.dev", InstallerImage.Form.LEGACY))
                .isEqualTo("factory.talos.dev/installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.10.4");
        NodeConfig withUrl = NodeConfig.forImage("n", "registry.lan/talos/installer",
                Schematic.ofExtensions("siderolabs/tailscale"));
        assertThat(InstallerImage.forNode(withUrl, "v1.10.4")).isEqualTo("registry.lan/talos/installer:v1.10.4");
    }

    @Test
    void installerUrlTemplateIsAGoTemplateWithSprigAndABadOneNamesTheField() {
        NodeConfig node = NodeConfig.forImage("n", null, Schematic.ofExtensions("siderolabs/tailscale"));
        assertThat(InstallerImage.forNode(node, "v1.10.4", "registry.lan",
                "{{ .RegistryURL }}/{{ env \"FLAVOUR\" }}/{{ .ID | trunc 8 }}:{{ .Version }}", Map.of("FLAVOUR", "edge")))
                .isEqualTo("registry.lan/edge/4a0d65c6:v1.10.4");
        assertThatThrownBy(() -> InstallerImage.forNode(node, "v1.10.4", "registry.lan", "{{ .NoSuchField }}", Map.of()))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("imageFactory.installerURLTmpl")
                .hasMessageContaining("NoSuchField");
    }
}

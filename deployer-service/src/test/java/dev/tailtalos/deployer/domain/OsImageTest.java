package dev.tailtalos.deployer.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OsImageTest {
    private static final String ID = "4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b";

    @Test
    void factoryImagesNameTheirSchematic() {
        OsImage platform = OsImage.of("factory.talos.dev/metal-installer/" + ID + ":v1.10.5", "v1.10.5");
        assertThat(platform.schematicId()).isEqualTo(ID);
        assertThat(platform.talosVersion()).isEqualTo("v1.10.5");
        assertThat(OsImage.of("factory.talos.dev/installer-secureboot/" + ID + ":v1.10.5", "").talosVersion())
                .as("version from the tag when talos_version is empty").isEqualTo("v1.10.5");
        assertThat(OsImage.of("ghcr.io/siderolabs/installer:v1.10.5", "v1.10.5").schematicId())
                .isEqualTo(OsImage.EMPTY_SCHEMATIC);
        assertThat(OsImage.of("registry.local/talos/installer:v1.10.5", "v1.10.5").schematicId()).isNull();
        assertThat(OsImage.of("", "v1.10.5")).isNull();
    }

    @Test
    void aNodeSatisfiesTheImageWhenVersionAndSchematicMatch() {
        OsImage target = OsImage.of("factory.talos.dev/metal-installer/" + ID + ":v1.10.5", "v1.10.5");
        assertThat(target.satisfiedBy(new OsState("v1.10.5", ID))).isTrue();
        assertThat(target.satisfiedBy(new OsState("v1.10.4", ID))).isFalse();
        assertThat(target.satisfiedBy(new OsState("v1.10.5", OsImage.EMPTY_SCHEMATIC))).isFalse();
        assertThat(target.difference(new OsState("v1.10.4", OsImage.EMPTY_SCHEMATIC)))
                .isEqualTo("Talos v1.10.4 → v1.10.5, schematic 376567988ad3 → 4a0d65c669d4");
        OsImage custom = OsImage.of("registry.local/talos/installer:v1.10.5", "v1.10.5");
        assertThat(custom.satisfiedBy(new OsState("v1.10.5", ID))).as("compared by version only").isTrue();
    }

    @Test
    void anImageWithoutVersionIsRefusedClearly() {
        assertThatThrownBy(() -> OsImage.of("registry.local/talos/installer", ""))
                .hasMessageContaining("installer_image \"registry.local/talos/installer\" has no tag");
    }
}

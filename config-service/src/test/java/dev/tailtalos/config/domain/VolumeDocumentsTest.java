package dev.tailtalos.config.domain;

import static dev.tailtalos.config.domain.RepoFixture.HEADER;
import static dev.tailtalos.config.domain.RepoFixture.ofKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.Yaml;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeDocumentsTest {

    private static final Yaml YAML = new Yaml();
    private static final String NODE = """
            nodes:
              - hostname: w1
                ipAddress: 10.0.0.21
                installDisk: /dev/sda
            """;

    @TempDir
    Path dir;

    private RepoFixture repo(String nodeKeys) {
        return new RepoFixture(dir).talconfig(HEADER + NODE + nodeKeys.indent(4));
    }

    @Test
    void volumesThenUserVolumesFollowTheExtensionServicesWithOnlyTalhelpersKeys() {
        List<ObjectNode> documents = repo("""
                extensionServices:
                  - name: tailscale
                    environment: [TS_AUTH_ONCE=true]
                userVolumes:
                  - name: data
                    provisioning:
                      diskSelector: {match: "!system_disk"}
                      minSize: 1000000
                      maxSize: 50%
                    filesystem: {type: ext4}
                    mount: {secure: false}
                  - name: scratch
                    volumeType: directory
                volumes:
                  - name: EPHEMERAL
                    provisioning:
                      diskSelector: {match: disk.transport == "nvme"}
                      grow: false
                      maxSize: 50GiB
                  - name: STATE
                    encryption:
                      provider: luks2
                      keys:
                        - slot: 0
                          static: {passphrase: not-a-real-passphrase}
                """).documents("w1");
        assertThat(documents).extracting(d -> d.path("kind").asText("v1alpha1") + "/" + d.path("name").asText())
                .containsExactly("v1alpha1/", "HostnameConfig/", "ExtensionServiceConfig/tailscale",
                        "VolumeConfig/EPHEMERAL", "VolumeConfig/STATE", "UserVolumeConfig/data", "UserVolumeConfig/scratch");
        assertThat(ofKind(documents, "VolumeConfig")).containsExactlyElementsOf(YAML.readObjects("t", """
                apiVersion: v1alpha1
                kind: VolumeConfig
                name: EPHEMERAL
                provisioning:
                  diskSelector: {match: disk.transport == "nvme"}
                  grow: false
                  maxSize: 50GiB
                ---
                apiVersion: v1alpha1
                kind: VolumeConfig
                name: STATE
                encryption:
                  provider: luks2
                  keys:
                    - slot: 0
                      static: {passphrase: not-a-real-passphrase}
                """));
        assertThat(ofKind(documents, "UserVolumeConfig")).containsExactlyElementsOf(YAML.readObjects("t", """
                apiVersion: v1alpha1
                kind: UserVolumeConfig
                name: data
                provisioning:
                  diskSelector: {match: "!system_disk"}
                  minSize: "1000000"
                  maxSize: 50%
                filesystem: {type: ext4}
                ---
                apiVersion: v1alpha1
                kind: UserVolumeConfig
                name: scratch
                volumeType: directory
                """));
    }

    @Test
    void badVolumesAreRefusedNamingEachField() {
        ConfigValidationException e = repo("""
                volumes:
                  - name: DATA
                  - name: STATE
                    provisioning: {maxSize: 10GiB}
                    encryption:
                      provider: luks1
                      keys:
                        - slot: 1
                          static: {passphrase: do-not-print-me}
                        - slot: 1
                  - name: EPHEMERAL
                    provisioning: {minSize: 20GB, maxSize: 10GB}
                  - name: EPHEMERAL
                    provisioning: {minSize: -1GB, maxSize: lots}
                """).refused();
        assertThat(e.errors()).extracting(ConfigProblem::field, ConfigProblem::message).containsExactly(
                tuple("nodes[0].volumes[0].name",
                        "only \"STATE\", \"EPHEMERAL\" and \"IMAGECACHE\" volumes are supported, got \"DATA\""),
                tuple("nodes[0].volumes[1].provisioning", "provisioning config is not allowed for the \"STATE\" volume"),
                tuple("nodes[0].volumes[1].encryption.provider", "unsupported encryption provider: \"luks1\" (luks2)"),
                tuple("nodes[0].volumes[1].encryption.keys[1].slot", "duplicate key slot 1"),
                tuple("nodes[0].volumes[1].encryption.keys[1]",
                        "at least one encryption key type must be specified for slot 1"),
                tuple("nodes[0].volumes[2].provisioning", "min size is greater than max size"),
                tuple("nodes[0].volumes[3].name", "duplicated volume config name found: EPHEMERAL"),
                tuple("nodes[0].volumes[3].provisioning.maxSize", "invalid size \"lots\" (e.g. 10GiB, 500MB or 20%)"),
                tuple("nodes[0].volumes[3].provisioning.minSize", "min size cannot be negative"));
        assertThat(e.getMessage()).doesNotContain("do-not-print-me");
    }

    @Test
    void badUserVolumesAreRefusedNamingEachField() {
        ConfigValidationException e = repo("""
                userVolumes:
                  - name: a_b
                  - name: scratch
                    volumeType: directory
                    provisioning: {maxSize: 1GB}
                    filesystem: {type: xfs}
                  - name: whole
                    volumeType: disk
                    provisioning: {diskSelector: {match: "true"}, maxSize: 1GB}
                  - name: fat
                    provisioning: {diskSelector: {match: "true"}, minSize: 1GB}
                    filesystem: {type: vfat}
                  - name: quota
                    provisioning: {diskSelector: {match: "true"}, minSize: 1GB}
                    filesystem: {type: ext4, projectQuotaSupport: true}
                  - name: tmp
                    volumeType: tmpfs
                  - name: this-name-is-far-too-long-for-a-partition-label
                    volumeType: directory
                """).refused();
        assertThat(e.errors()).extracting(ConfigProblem::field, ConfigProblem::message).containsExactly(
                tuple("nodes[0].userVolumes[0].name",
                        "name can only contain lowercase and uppercase ASCII letters, digits, and hyphens"),
                tuple("nodes[0].userVolumes[0].provisioning.diskSelector", "disk selector is required"),
                tuple("nodes[0].userVolumes[0].provisioning", "min size or max size is required"),
                tuple("nodes[0].userVolumes[1].provisioning", "provisioning spec is invalid for volumeType directory"),
                tuple("nodes[0].userVolumes[1].filesystem", "filesystem spec is invalid for volumeType directory"),
                tuple("nodes[0].userVolumes[2].provisioning", "min size, max size and grow are not supported"),
                tuple("nodes[0].userVolumes[3].filesystem.type", "unsupported filesystem type: vfat (xfs, ext4 or btrfs)"),
                tuple("nodes[0].userVolumes[4].filesystem.projectQuotaSupport",
                        "project quota support is only available for xfs filesystem"),
                tuple("nodes[0].userVolumes[5].volumeType", "unsupported volume type \"tmpfs\" (partition, disk or directory)"),
                tuple("nodes[0].userVolumes[6].name", "name must be between 1 and 34 characters long"));
    }

    @Test
    void theKeysAreNoLongerReportedAsNotRendered() {
        LoadedTalconfig loaded = repo("""
                volumes:
                  - name: EPHEMERAL
                    provisioning: {maxSize: 10GiB}
                userVolumes:
                  - name: scratch
                    volumeType: directory
                """).load();
        assertThat(loaded.warnings()).isEmpty();
    }
}

package dev.tailtalos.config.domain;

import static dev.tailtalos.config.domain.RepoFixture.HEADER;
import static dev.tailtalos.config.domain.RepoFixture.v1alpha1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tailtalos.common.yaml.Yaml;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineDisksTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    private RepoFixture repo(String disks) {
        return new RepoFixture(dir).talconfig(HEADER + """
                worker:
                  machineDisks:
                """ + disks.indent(4) + """
                nodes:
                  - hostname: w1
                    ipAddress: 10.0.0.21
                    installDisk: /dev/sda
                """);
    }

    @Test
    void becomeMachineDisksWithTalosSizesAndADeprecationWarning() {
        RepoFixture repo = repo("""
                - device: /dev/sdb
                  partitions:
                    - mountpoint: /var/mnt/a
                      size: 100GB
                    - mountpoint: /var/mnt/b
                      size: 4GiB
                    - mountpoint: /var/mnt/c
                      size: 5000000000
                    - mountpoint: /var/mnt/rest
                """);
        assertThat(v1alpha1(repo.documents("w1")).path("machine").path("disks")).isEqualTo(new Yaml().readObjects("t", """
                disks:
                  - device: /dev/sdb
                    partitions:
                      - {mountpoint: /var/mnt/a, size: 100 GB}
                      - {mountpoint: /var/mnt/b, size: 4294967296}
                      - {mountpoint: /var/mnt/c, size: 5.0 GB}
                      - {mountpoint: /var/mnt/rest}
                """).get(0).get("disks"));
        assertThat(repo.load().warnings()).singleElement().satisfies(w -> {
            assertThat(w.severity()).isEqualTo(ConfigProblem.Severity.WARNING);
            assertThat(w.field()).isEqualTo("worker.machineDisks");
            assertThat(w.message()).isEqualTo("machineDisks is deprecated, please use userVolumes instead");
        });
    }

    @Test
    void onlyTheLastPartitionMayTakeTheRestOfTheDisk() {
        ConfigValidationException e = repo("""
                - device: /dev/sdb
                  partitions:
                    - mountpoint: /var/mnt/a
                    - mountpoint: /var/mnt/b
                      size: 1 GB
                    - mountpoint: /var/mnt/c
                      size: huge
                """).refused();
        assertThat(e.errors()).extracting(ConfigProblem::field, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("worker.machineDisks[0].partitions[0]", "partition \"/var/mnt/a\" for disk"
                        + " \"/dev/sdb\" is set to occupy full disk, but it's not the last partition in the list"),
                org.assertj.core.groups.Tuple.tuple("worker.machineDisks[0].partitions[2].size",
                        "invalid size \"huge\" (e.g. 100 GB or 4GiB)"));
    }

    @Test
    void sizesAreWrittenAsTalosWritesThem() {
        assertThat(MachineDisks.written(MachineDisks.bytes(NODES.textNode("100 GB")))).isEqualTo(NODES.textNode("100 GB"));
        assertThat(MachineDisks.written(MachineDisks.bytes(NODES.textNode("1.5GB")))).isEqualTo(NODES.textNode("1.5 GB"));
        assertThat(MachineDisks.written(MachineDisks.bytes(NODES.textNode("10GiB")))).isEqualTo(NODES.numberNode(10737418240L));
        assertThat(MachineDisks.written(1234)).isEqualTo(NODES.numberNode(1234L));
        assertThat(MachineDisks.bytes(NODES.textNode("2 TiB"))).isEqualTo(2L << 40);
    }
}

package dev.tailtalos.docker;

import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

import java.time.Duration;

/** The real OpenBao image configured and bootstrapped exactly as docker-compose.yml does it (deploy/openbao). */
final class BootstrappedOpenBao implements AutoCloseable {
    final GenericContainer<?> container;

    private BootstrappedOpenBao(GenericContainer<?> container) {
        this.container = container;
    }

    static BootstrappedOpenBao start() throws Exception {
        GenericContainer<?> bao = new GenericContainer<>(DockerFiles.OPENBAO_IMAGE)
                .withCopyFileToContainer(MountableFile.forHostPath(DockerFiles.deploy("openbao/openbao.hcl")), "/openbao/config/openbao.hcl")
                .withCopyFileToContainer(MountableFile.forHostPath(DockerFiles.deploy("openbao/keygen.sh")), "/deploy/keygen.sh")
                .withCopyFileToContainer(MountableFile.forHostPath(DockerFiles.deploy("openbao/bootstrap.sh")), "/deploy/bootstrap.sh")
                .withCopyFileToContainer(MountableFile.forHostPath(DockerFiles.deploy("openbao/policies")), "/policies")
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/bin/sh", "-c",
                        "mkdir -p /openbao/unseal /bootstrap /approle && sh /deploy/keygen.sh"
                                + " && exec docker-entrypoint.sh server"))
                .withExposedPorts(8200)
                .waitingFor(Wait.forHttp("/v1/sys/health").forPort(8200)
                        .forStatusCodeMatching(code -> code == 200 || code == 501 || code == 503)
                        .withStartupTimeout(Duration.ofSeconds(60)));
        bao.start();
        BootstrappedOpenBao openBao = new BootstrappedOpenBao(bao);
        openBao.bootstrap();
        return openBao;
    }

    /** Runs deploy/openbao/bootstrap.sh (idempotent) and fails with its output when it fails. */
    void bootstrap() throws Exception {
        ExecResult result = container.execInContainer("env", "BAO_ADDR=http://127.0.0.1:8200", "sh", "/deploy/bootstrap.sh");
        if (result.getExitCode() != 0) {
            throw new AssertionError("bootstrap.sh exited " + result.getExitCode() + ": " + result.getStdout() + result.getStderr());
        }
    }

    String secretId(String service) throws Exception {
        return container.execInContainer("cat", "/approle/" + service + "/secret-id").getStdout().trim();
    }

    /** The API address as mapped now (a restart may move the host port). */
    String address() {
        int port = Integer.parseInt(container.getDockerClient().inspectContainerCmd(container.getContainerId()).exec()
                .getNetworkSettings().getPorts().getBindings()
                .get(com.github.dockerjava.api.model.ExposedPort.tcp(8200))[0].getHostPortSpec());
        return "http://" + container.getHost() + ":" + port;
    }

    @Override
    public void close() {
        container.stop();
    }
}

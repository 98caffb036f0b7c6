package dev.tailtalos.docker;

import java.nio.file.Path;

/** Paths and image names shared by the docker tests. */
final class DockerFiles {
    static final String OPENBAO_IMAGE = System.getProperty("tailtalos.openbao.image", "openbao/openbao:2.4.1");
    static final String KAFKA_IMAGE = System.getProperty("tailtalos.kafka.image", "apache/kafka:4.1.1");

    private DockerFiles() {
    }

    static Path root() {
        return Path.of(System.getProperty("tailtalos.root", "..")).toAbsolutePath().normalize();
    }

    static Path deploy(String file) {
        return root().resolve("deploy").resolve(file);
    }

    static String version() {
        return System.getProperty("tailtalos.version", "0.1.0-SNAPSHOT");
    }
}

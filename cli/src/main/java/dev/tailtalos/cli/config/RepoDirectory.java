package dev.tailtalos.cli.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** The cluster repo a command was given: the directory, or the directory of a talconfig.yaml named directly. */
final class RepoDirectory {

    private RepoDirectory() {
    }

    static Path of(Path given) {
        Path name = given.getFileName();
        if (Files.isRegularFile(given) && name != null && name.toString().startsWith("talconfig.")) {
            return given.toAbsolutePath().getParent();
        }
        return given;
    }
}

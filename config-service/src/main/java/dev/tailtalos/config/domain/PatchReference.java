package dev.tailtalos.config.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One entry of a talhelper {@code patches:} list: {@code @path} (relative to the repo directory) or an
 * inline patch.
 *
 * @param spec  the entry as written
 * @param field where it is written, e.g. {@code nodes[0].patches[1]}
 */
public record PatchReference(String spec, String field) {

    public boolean isFile() {
        return spec.startsWith("@");
    }

    /** The patch file inside {@code repoDir}; refuses paths that leave the repo, also through symlinks. */
    public Path resolveIn(Path repoDir) {
        Path root = repoDir.toAbsolutePath().normalize();
        String relative = spec.substring(1).trim();
        Path file = root.resolve(relative).normalize();
        if (relative.isEmpty() || !file.startsWith(root)) {
            throw new IllegalArgumentException("patch path " + spec + " escapes the repo directory");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("patch file " + relative + " not found");
        }
        try {
            if (!file.toRealPath().startsWith(root.toRealPath())) {
                throw new IllegalArgumentException("patch path " + spec + " escapes the repo directory through a link");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("patch file " + relative + " cannot be read: " + e.getMessage(), e);
        }
        return file;
    }
}

package dev.tailtalos.config.domain;

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
        return RepoFiles.resolve(repoDir, spec, "patch");
    }
}

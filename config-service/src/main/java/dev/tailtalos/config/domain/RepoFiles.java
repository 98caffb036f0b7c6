package dev.tailtalos.config.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code @path} references of talconfig.yaml (patches, inline manifests): files that must stay inside the repo. */
final class RepoFiles {

    private RepoFiles() {
    }

    /**
     * The file {@code spec} ({@code @relative/path}) names inside {@code repoDir}; refuses paths that leave the repo,
     * also through symlinks.
     *
     * @param what the kind of file, for messages ("patch", "inline manifest")
     */
    static Path resolve(Path repoDir, String spec, String what) {
        Path root = repoDir.toAbsolutePath().normalize();
        String relative = spec.substring(1).trim();
        Path file = root.resolve(relative).normalize();
        if (relative.isEmpty() || !file.startsWith(root)) {
            throw new IllegalArgumentException(what + " path " + spec + " escapes the repo directory");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " file " + relative + " not found");
        }
        try {
            if (!file.toRealPath().startsWith(root.toRealPath())) {
                throw new IllegalArgumentException(what + " path " + spec + " escapes the repo directory through a link");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " file " + relative + " cannot be read: " + e.getMessage(), e);
        }
        return file;
    }

    /** {@code file} relative to {@code repoDir}, as errors name it. */
    static String relativeName(Path repoDir, Path file) {
        return repoDir.toAbsolutePath().normalize().relativize(file).toString();
    }

    /** The UTF-8 text of {@code file}, refused when larger than {@code maxBytes}. */
    static String read(Path file, long maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new IllegalArgumentException("file is " + size + " bytes, larger than the limit of " + maxBytes);
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}

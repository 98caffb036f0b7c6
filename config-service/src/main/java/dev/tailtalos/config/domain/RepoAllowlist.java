package dev.tailtalos.config.domain;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The cluster repos this config-service may render: its configured repo and {@code tailtalos.config.allowed-repos}
 * (paths, or globs such as {@code /srv/clusters/*}). Requested repos are compared as normalized absolute paths, without
 * touching the file system, so {@code ..} cannot climb out of an allowed directory.
 */
public final class RepoAllowlist {
    private final List<Path> allowed;
    private final List<PathMatcher> globs;

    public RepoAllowlist(String configuredRepo, List<String> extra) {
        List<String> all = Stream.concat(Stream.of(configuredRepo), extra.stream())
                .filter(s -> s != null && !s.isBlank()).map(String::trim).toList();
        this.allowed = all.stream().filter(s -> !isGlob(s)).map(RepoAllowlist::normalized).distinct().toList();
        this.globs = all.stream().filter(RepoAllowlist::isGlob)
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    }

    private static boolean isGlob(String s) {
        return s.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
    }

    /** The allowed repo {@code requested} names, or empty when it is not one of them. */
    public Optional<String> allowed(String requested) {
        if (requested == null || requested.isBlank() || requested.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Path p = normalized(requested);
        return allowed.contains(p) || globs.stream().anyMatch(g -> g.matches(p)) ? Optional.of(p.toString())
                : Optional.empty();
    }

    private static Path normalized(String path) {
        return Path.of(path.trim()).toAbsolutePath().normalize();
    }
}

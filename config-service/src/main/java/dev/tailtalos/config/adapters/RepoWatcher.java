package dev.tailtalos.config.adapters;

import dev.tailtalos.config.domain.Debouncer;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the cluster repo (recursively, java.nio WatchService) and requests a rollout once the files have been quiet
 * for the debounce window. Hidden entries (.git, editor swap files) and talhelper's clusterconfig/ output are ignored.
 */
public class RepoWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RepoWatcher.class);

    private final Path repo;
    private final WatchService watcher;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "config-repo-debounce");
        t.setDaemon(true);
        return t;
    });
    private final Debouncer<String> debouncer;
    private final Thread thread;

    public RepoWatcher(Path repo, Duration debounce, RolloutTrigger trigger) throws IOException {
        this.repo = repo.toAbsolutePath().normalize();
        this.watcher = FileSystems.getDefault().newWatchService();
        this.debouncer = new Debouncer<>(scheduler, debounce, files -> trigger.request("file-watcher",
                "files changed in " + this.repo.getFileName() + ": " + summary(files), List.of(), this.repo.toString()));
        registerTree(this.repo);
        this.thread = new Thread(this::loop, "config-repo-watcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private static String summary(List<String> files) {
        List<String> shown = files.stream().limit(5).toList();
        return String.join(", ", shown) + (files.size() > shown.size() ? " and " + (files.size() - shown.size()) + " more" : "");
    }

    private void registerTree(Path dir) throws IOException {
        try (Stream<Path> dirs = Files.walk(dir)) {
            for (Path d : dirs.filter(Files::isDirectory).filter(d -> !ignored(d)).toList()) {
                d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private boolean ignored(Path path) {
        Path relative = repo.relativize(path.toAbsolutePath().normalize());
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") || name.endsWith("~") || name.equals("clusterconfig")) {
                return true;
            }
        }
        return false;
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Path dir = (Path) key.watchable();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        debouncer.event("(many files)");
                        continue;
                    }
                    Path changed = dir.resolve((Path) event.context());
                    if (ignored(changed)) {
                        continue;
                    }
                    if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
                        registerTree(changed);
                    }
                    debouncer.event(repo.relativize(changed).toString());
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("repo watcher stopped: {}", e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        scheduler.shutdownNow();
    }
}

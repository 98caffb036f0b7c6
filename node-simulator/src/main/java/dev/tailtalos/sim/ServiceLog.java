package dev.tailtalos.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A service's log: the last lines kept in memory, plus followers that get new lines as they are written. */
final class ServiceLog {

    private static final int KEPT_LINES = 400;

    private final Deque<String> lines = new ArrayDeque<>();
    private final List<Consumer<String>> followers = new CopyOnWriteArrayList<>();

    void append(String line) {
        synchronized (lines) {
            lines.addLast(line);
            if (lines.size() > KEPT_LINES) {
                lines.removeFirst();
            }
        }
        followers.forEach(follower -> follower.accept(line + "\n"));
    }

    /** {@code tailLines < 0}: everything kept; otherwise the last N lines (0 = none), as machined's Logs does. */
    String tail(int tailLines) {
        synchronized (lines) {
            List<String> all = new ArrayList<>(lines);
            int from = tailLines < 0 ? 0 : Math.max(0, all.size() - tailLines);
            StringBuilder out = new StringBuilder();
            for (String line : all.subList(from, all.size())) {
                out.append(line).append('\n');
            }
            return out.toString();
        }
    }

    Runnable follow(Consumer<String> follower) {
        followers.add(follower);
        return () -> followers.remove(follower);
    }
}

package dev.tailtalos.sim.talosctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the real talosctl binary named by {@code -Dtalosctl.binary} or {@code $TALOSCTL_BINARY} (tools/build-talosctl.sh
 * builds it) against a talosconfig; every run is bounded so a hanging command fails the test instead of blocking it.
 */
final class Talosctl {

    static final String PROPERTY = "talosctl.binary";
    static final String ENVIRONMENT = "TALOSCTL_BINARY";
    private static final long BOUND_SECONDS = 90;

    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private final Path binary;
    private final Path talosconfig;
    private final Path work;

    private Talosctl(Path binary, Path talosconfig, Path work) {
        this.binary = binary;
        this.talosconfig = talosconfig;
        this.work = work;
    }

    /** @throws IllegalStateException naming the property and the build script when the binary is missing */
    static Talosctl locate(Path talosconfig, Path work) {
        String configured = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("the talosctl contract suite needs the real talosctl: set -D" + PROPERTY
                    + " or $" + ENVIRONMENT + " (tools/build-talosctl.sh builds it)");
        }
        Path binary = Path.of(configured);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " (from -D" + PROPERTY + "/$" + ENVIRONMENT
                    + ") is not an executable file; run tools/build-talosctl.sh");
        }
        return new Talosctl(binary, talosconfig, work);
    }

    Result run(String... args) throws IOException, InterruptedException {
        Process process = start(args);
        if (!process.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("talosctl " + String.join(" ", args) + " did not end within " + BOUND_SECONDS + " s");
        }
        Result result = new Result(process.exitValue(), read(work.resolve("stdout")), read(work.resolve("stderr")));
        transcript(args, result);
        return result;
    }

    /** The command and what it printed, in the test's output (target/surefire-reports), for reading a CI run. */
    private static void transcript(String[] args, Result result) {
        System.out.println("$ talosctl " + String.join(" ", args) + "\n" + result);
    }

    /**
     * A following command (logs -f, dmesg -f): runs until its output satisfies {@code enough}, then is stopped.
     * The output so far is returned; a stream that never satisfies it fails after the bound.
     */
    Result follow(Predicate<String> enough, String... args) throws IOException, InterruptedException {
        Process process = start(args);
        try {
            for (int i = 0; i < BOUND_SECONDS * 10; i++) {
                String out = read(work.resolve("stdout"));
                if (enough.test(out)) {
                    return new Result(process.isAlive() ? -1 : process.exitValue(), out, read(work.resolve("stderr")));
                }
                if (!process.isAlive()) {
                    return new Result(process.exitValue(), out, read(work.resolve("stderr")));
                }
                Thread.sleep(100);
            }
            throw new AssertionError("talosctl " + String.join(" ", args) + " printed no expected output within "
                    + BOUND_SECONDS + " s:\n" + read(work.resolve("stdout")) + read(work.resolve("stderr")));
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--talosconfig");
        command.add(talosconfig.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve("stdout").toFile()).redirectError(work.resolve("stderr").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().remove("TALOSCONFIG");
        builder.environment().put("HOME", work.toString());
        return builder.start();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}

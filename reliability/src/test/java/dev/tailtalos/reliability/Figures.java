package dev.tailtalos.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** What the suite counted, across its test classes (one JVM); printed per category and as one final line. */
final class Figures {
    static final AtomicInteger chaosRuns = new AtomicInteger();
    static final AtomicInteger faultsInjected = new AtomicInteger();
    static final AtomicInteger eventsLost = new AtomicInteger();
    static final AtomicInteger duplicateApplies = new AtomicInteger();
    static final AtomicInteger inputs = new AtomicInteger();
    static final AtomicInteger inputsRejected = new AtomicInteger();
    static final AtomicInteger tamperings = new AtomicInteger();
    static final AtomicInteger tamperingsDetected = new AtomicInteger();
    static final AtomicInteger leakScans = new AtomicInteger();
    static final AtomicInteger leaksFound = new AtomicInteger();
    static final AtomicInteger securityChecks = new AtomicInteger();
    static final AtomicInteger securityChecksPassed = new AtomicInteger();

    private Figures() {
    }

    static void print(String category, String line) {
        System.out.println("reliability " + category + ": " + line);
        System.out.flush();
    }

    static String finalLine() {
        return String.format("reliability: %d chaos runs, %d faults injected, %d events lost, %d duplicate applies, "
                        + "%d/%d inputs rejected, %d/%d tamperings detected, %d leaks in %d scanned items, "
                        + "%d/%d security checks held",
                chaosRuns.get(), faultsInjected.get(), eventsLost.get(), duplicateApplies.get(),
                inputsRejected.get(), inputs.get(), tamperingsDetected.get(), tamperings.get(),
                leaksFound.get(), leakScans.get(), securityChecksPassed.get(), securityChecks.get());
    }

    static void writeFinal() {
        String line = finalLine();
        System.out.println(line);
        try {
            Path out = Path.of("target", "reliability-figures.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, line + System.lineSeparator());
        } catch (IOException e) {
            System.err.println("could not write target/reliability-figures.txt: " + e.getMessage());
        }
    }
}

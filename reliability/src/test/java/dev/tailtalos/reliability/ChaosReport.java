package dev.tailtalos.reliability;

/** Adds a chaos run to the figures and prints its summary line. */
final class ChaosReport {
    private ChaosReport() {
    }

    static void record(ChaosRun.Result result) {
        Figures.chaosRuns.incrementAndGet();
        Figures.faultsInjected.addAndGet(result.faults());
        Figures.eventsLost.addAndGet(result.eventsLost());
        Figures.duplicateApplies.addAndGet(result.duplicateApplies());
        Figures.print("chaos", result.plan() + " -> " + result.state() + " in " + result.millis() / 1000.0
                + " s, " + result.faults() + " faults, " + result.eventsLost() + " events lost, "
                + result.duplicateApplies() + " duplicate applies"
                + (result.problems().isEmpty() ? "" : ", PROBLEMS: " + result.problems()));
    }
}

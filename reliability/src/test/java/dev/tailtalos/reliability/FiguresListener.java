package dev.tailtalos.reliability;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/** Prints the suite's final figures line once every test of the run has finished. */
public final class FiguresListener implements TestExecutionListener {
    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (testPlan.containsTests()) {
            Figures.writeFinal();
        }
    }
}

package dev.tailtalos.cli.secrets;

import java.util.concurrent.Callable;

/** Runs a command body and turns failures into one clear line on stderr and exit code 1 (no stack traces). */
final class CliErrors {
    private CliErrors() {
    }

    static Integer run(Callable<Integer> body) {
        try {
            return body.call();
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            System.err.println("error: " + message);
            return 1;
        }
    }
}

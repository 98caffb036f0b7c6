package dev.tailtalos.cli.secrets;

import dev.tailtalos.cli.UserErrorHandler;

import java.util.concurrent.Callable;

/** Runs a command body and turns failures into one clear line on stderr and the exit code {@link UserErrorHandler} gives. */
final class CliErrors {
    private CliErrors() {
    }

    static Integer run(Callable<Integer> body) {
        try {
            return body.call();
        } catch (Exception e) {
            System.err.println("error: " + UserErrorHandler.describe(e));
            return UserErrorHandler.exitCode(e);
        }
    }
}

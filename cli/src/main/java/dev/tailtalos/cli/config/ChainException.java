package dev.tailtalos.cli.config;

/** The event chain cannot be read or a sealed config cannot be opened: one clear line for the operator. */
final class ChainException extends RuntimeException {
    private final int exitCode;

    ChainException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    ChainException(String message) {
        this(message, 1);
    }

    int exitCode() {
        return exitCode;
    }
}

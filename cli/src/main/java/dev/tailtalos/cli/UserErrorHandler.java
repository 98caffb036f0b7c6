package dev.tailtalos.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * What a command that throws prints: one line naming the command and what went wrong, never a stack trace (set
 * {@code TAILTALOS_DEBUG=1} for one). Bad input — a value a command refused, a file that is missing, unreadable or
 * not text — exits 2 as a usage error does; anything else exits 1.
 */
public final class UserErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        if (!System.getenv().getOrDefault("TAILTALOS_DEBUG", "").isEmpty()) {
            ex.printStackTrace(command.getErr());
        }
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + describe(ex));
        command.getErr().flush();
        return exitCode(ex);
    }

    /** 2 for bad input (a refused value, a missing, unreadable or non-text file), else 1. */
    public static int exitCode(Throwable ex) {
        return isBadInput(ex) ? 2 : 1;
    }

    /** The message of {@code ex} and of the causes that add to it, on one line. */
    public static String describe(Throwable ex) {
        StringBuilder text = new StringBuilder(message(ex));
        for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String more = message(cause);
            String start = more.substring(0, Math.min(30, more.length()));
            if (!text.toString().contains(start)) {
                text.append(": ").append(more);
            }
        }
        return text.toString().replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static String message(Throwable ex) {
        if (ex instanceof NoSuchFileException e) {
            return e.getFile() + ": no such file";
        }
        if (ex instanceof AccessDeniedException e) {
            return e.getFile() + ": permission denied";
        }
        if (ex instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        String message = ex.getMessage();
        return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
    }

    private static boolean isBadInput(Throwable ex) {
        for (Throwable t = ex; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof NoSuchFileException
                    || t instanceof AccessDeniedException || t instanceof CharacterCodingException
                    || t.getClass().getSimpleName().equals("TalosConfigException")) {
                return true;
            }
        }
        return false;
    }
}

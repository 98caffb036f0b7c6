package dev.tailtalos.cli;

import java.util.Locale;
import java.util.Map;

/**
 * How the CLI writes for people: colour only on a terminal and never when {@code NO_COLOR} is set (no-color.org) or
 * {@code TERM=dumb}; progress bars that redraw in place on a terminal and print one line per change otherwise.
 */
public final class Terminal {
    private static final String RESET = "\u001b[0m";
    private final boolean colour;
    private final boolean interactive;

    public Terminal(boolean colour, boolean interactive) {
        this.colour = colour;
        this.interactive = interactive;
    }

    /** For standard output of this process. */
    public static Terminal stdout() {
        boolean tty = System.console() != null;
        return new Terminal(colourAllowed(System.getenv(), tty), tty);
    }

    static boolean colourAllowed(Map<String, String> env, boolean tty) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        return tty && !"dumb".equals(env.get("TERM"));
    }

    public boolean colour() {
        return colour;
    }

    public boolean interactive() {
        return interactive;
    }

    public String bold(String text) {
        return paint("1", text);
    }

    public String dim(String text) {
        return paint("2", text);
    }

    public String green(String text) {
        return paint("32", text);
    }

    public String red(String text) {
        return paint("31", text);
    }

    public String yellow(String text) {
        return paint("33", text);
    }

    /** Rollout and node states: green when done well, red when failed, yellow while under way. */
    public String state(String state) {
        String s = state.toUpperCase(Locale.ROOT);
        if (s.startsWith("COMPLETED") || s.equals("HEALTHY") || s.equals("OK") || s.equals("PASS")) {
            return green(state);
        }
        if (s.startsWith("FAIL") || s.startsWith("ABORT") || s.startsWith("UNHEALTHY") || s.equals("TIMED_OUT")
                || s.startsWith("ROLLED")) {
            return red(state);
        }
        return yellow(state);
    }

    /** {@code [██████░░░░░░] 2/3 healthy} ({@code #} and {@code -} without colour, so logs stay ASCII). */
    public String bar(int done, int failed, int total, int width, String label) {
        int t = Math.max(total, 1);
        int ok = Math.min(width, Math.round((float) width * done / t));
        int bad = Math.min(width - ok, Math.round((float) width * failed / t));
        String full = colour ? "█" : "#";
        String empty = colour ? "░" : "-";
        String bar = green(full.repeat(ok)) + red((colour ? "█" : "x").repeat(bad)) + dim(empty.repeat(width - ok - bad));
        return "[" + bar + "] " + done + "/" + total + " " + label + (failed > 0 ? ", " + red(failed + " failed") : "");
    }

    /** Starts a progress line that the next call replaces on a terminal ({@code \r} + clear to end of line). */
    public String redraw(String line) {
        return interactive ? "\r\u001b[2K" + line : line + System.lineSeparator();
    }

    private String paint(String code, String text) {
        return colour && !text.isEmpty() ? "\u001b[" + code + "m" + text + RESET : text;
    }
}

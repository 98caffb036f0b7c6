package dev.tailtalos.common.settings;

import java.util.List;

/** A service refuses to start: every bad setting, one per line, named by property and environment variable. */
public class InvalidSettingsException extends IllegalStateException {
    private final List<String> problems;

    public InvalidSettingsException(String service, List<String> problems) {
        super(service + " cannot start, invalid settings:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

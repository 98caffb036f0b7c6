package dev.tailtalos.config.domain;

import java.util.List;
import java.util.stream.Collectors;

/** The cluster repo has errors; {@link #problems()} lists every one found (and the warnings next to them). */
public class ConfigValidationException extends RuntimeException {

    private final List<ConfigProblem> problems;

    public ConfigValidationException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    public List<ConfigProblem> errors() {
        return problems.stream().filter(p -> p.severity() == ConfigProblem.Severity.ERROR).toList();
    }
}

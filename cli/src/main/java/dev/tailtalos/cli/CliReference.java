package dev.tailtalos.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The CLI reference (docs/cli-reference.md), written from the picocli model so it cannot drift from the code:
 * every command with its synopsis, description, parameters and options (hidden ones left out).
 * {@code CliReferenceTest} fails when the committed file differs from what this prints.
 */
public final class CliReference {

    private CliReference() {
    }

    public static void main(String[] args) throws IOException {
        String text = markdown(new CommandLine(new TailtalosCli()));
        if (args.length == 0) {
            System.out.print(text);
        } else {
            Files.writeString(Path.of(args[0]), text, StandardCharsets.UTF_8);
        }
    }

    public static String markdown(CommandLine root) {
        StringBuilder out = new StringBuilder();
        out.append("# CLI reference\n\n")
                .append("Generated from the command definitions (`dev.tailtalos.cli.CliReference`); do not edit by hand.\n")
                .append("Regenerate: `mvn -B -ntp -pl cli -am test -Dtest=CliReferenceTest ")
                .append("-Dsurefire.failIfNoSpecifiedTests=false -Dtailtalos.cli-reference.write=true`.\n\n")
                .append("Exit codes: 0 success, 1 failure, 2 usage error or unreadable input.\n");
        appendCommand(out, root);
        return out.toString();
    }

    private static void appendCommand(StringBuilder out, CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.usageMessage().hidden()) {
            return;
        }
        Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
        out.append("\n## ").append(spec.qualifiedName()).append("\n\n");
        String description = String.join(" ", spec.usageMessage().description()).strip();
        if (!description.isEmpty()) {
            out.append(expand(description, spec)).append("\n\n");
        }
        out.append("```\n").append(help.synopsis(0).stripTrailing()).append("\n```\n");
        appendParameters(out, spec);
        appendOptions(out, spec);
        if (!command.getSubcommands().isEmpty()) {
            out.append("\nSubcommands: ")
                    .append(command.getSubcommands().values().stream().distinct()
                            .filter(c -> !c.getCommandSpec().usageMessage().hidden())
                            .map(c -> "`" + c.getCommandName() + "`").collect(Collectors.joining(", ")))
                    .append("\n");
        }
        command.getSubcommands().values().stream().distinct().forEach(sub -> appendCommand(out, sub));
    }

    private static void appendParameters(StringBuilder out, CommandSpec spec) {
        if (spec.positionalParameters().stream().allMatch(PositionalParamSpec::hidden)) {
            return;
        }
        out.append("\n| parameter | description |\n|---|---|\n");
        for (PositionalParamSpec param : spec.positionalParameters()) {
            if (!param.hidden()) {
                out.append("| `").append(param.paramLabel()).append("` | ")
                        .append(cell(param.description(), param.defaultValue(), spec)).append(" |\n");
            }
        }
    }

    private static void appendOptions(StringBuilder out, CommandSpec spec) {
        if (spec.options().stream().allMatch(OptionSpec::hidden)) {
            return;
        }
        out.append("\n| option | description |\n|---|---|\n");
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            String names = Arrays.stream(option.names()).map(n -> "`" + n + "`").collect(Collectors.joining(", "));
            String label = option.typeInfo().isBoolean() && option.arity().max() == 0 ? "" : " `" + option.paramLabel() + "`";
            out.append("| ").append(names).append(label).append(" | ")
                    .append(cell(option.description(), option.defaultValue(), spec)).append(" |\n");
        }
    }

    private static String cell(String[] description, String defaultValue, CommandSpec spec) {
        String text = expand(String.join(" ", description).strip(), spec);
        if (defaultValue != null && !defaultValue.isEmpty() && !text.contains("${DEFAULT-VALUE}")
                && !text.contains("default")) {
            text = text.isEmpty() ? "default: `" + defaultValue + "`" : text + " (default: `" + defaultValue + "`)";
        }
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /** picocli's own variables in descriptions; ${DEFAULT-VALUE} is resolved by picocli's help only, so drop it. */
    private static String expand(String text, CommandSpec spec) {
        return text.replace("%n", " ").replace("${COMMAND-NAME}", spec.name())
                .replace("${COMMAND-FULL-NAME}", spec.qualifiedName());
    }
}

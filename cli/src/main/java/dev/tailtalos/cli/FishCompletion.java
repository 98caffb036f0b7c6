package dev.tailtalos.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;
import java.util.stream.Collectors;

/** A fish completion script written from the picocli model: subcommands per level, then each command's options. */
final class FishCompletion {

    private FishCompletion() {
    }

    static String script(CommandLine root) {
        StringBuilder out = new StringBuilder("# fish completion for tailtalos: ./tailtalos completion fish | source\n")
                .append("complete -c tailtalos -e\n");
        appendLevel(out, root, List.of());
        return out.toString();
    }

    private static void appendLevel(StringBuilder out, CommandLine command, List<String> path) {
        CommandSpec spec = command.getCommandSpec();
        List<CommandLine> subcommands = command.getSubcommands().values().stream().distinct()
                .filter(c -> !c.getCommandSpec().usageMessage().hidden()).toList();
        String here = condition(path);
        String notYetSub = subcommands.isEmpty() ? "" : "not __fish_seen_subcommand_from "
                + subcommands.stream().map(CommandLine::getCommandName).collect(Collectors.joining(" "));
        for (CommandLine sub : subcommands) {
            out.append("complete -c tailtalos -f -n '").append(join(here, notYetSub)).append("' -a ")
                    .append(sub.getCommandName()).append(" -d ").append(quote(summary(sub.getCommandSpec()))).append('\n');
        }
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            out.append("complete -c tailtalos -n '").append(here.isEmpty() ? "true" : here).append("'");
            for (String name : option.names()) {
                out.append(name.startsWith("--") ? " -l " + name.substring(2) : " -s " + name.substring(1));
            }
            if (option.arity().max() > 0) {
                out.append(" -r");
                Iterable<String> candidates = option.completionCandidates();
                if (candidates != null && candidates.iterator().hasNext()) {
                    out.append(" -f -a ").append(quote(String.join(" ", candidates)));
                } else {
                    out.append(" -F");
                }
            }
            out.append(" -d ").append(quote(String.join(" ", option.description()))).append('\n');
        }
        for (CommandLine sub : subcommands) {
            List<String> subPath = new java.util.ArrayList<>(path);
            subPath.add(sub.getCommandName());
            appendLevel(out, sub, subPath);
        }
    }

    private static String condition(List<String> path) {
        return path.stream().map(p -> "__fish_seen_subcommand_from " + p).collect(Collectors.joining("; and "));
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) {
            return b.isEmpty() ? "true" : b;
        }
        return b.isEmpty() ? a : a + "; and " + b;
    }

    private static String summary(CommandSpec spec) {
        String[] description = spec.usageMessage().description();
        String first = description.length == 0 ? "" : description[0];
        int stop = first.indexOf(". ");
        return stop > 0 ? first.substring(0, stop + 1) : first;
    }

    private static String quote(String text) {
        String flat = text.replace("%n", " ").replace("${DEFAULT-VALUE}", "").replaceAll("\\s+", " ").strip();
        return "'" + flat.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}

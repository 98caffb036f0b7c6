package dev.tailtalos.cli.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.config.domain.ConfigProblem;
import dev.tailtalos.config.domain.LintFinding;
import java.io.PrintStream;
import java.util.List;

/** Text for people, {@code --output json} for scripts. */
final class Output {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    enum Format { text, json }

    private Output() {
    }

    static void print(PrintStream out, ObjectNode json) {
        try {
            out.println(JSON.writeValueAsString(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ArrayNode problems(List<ConfigProblem> problems) {
        ArrayNode array = JSON.createArrayNode();
        for (ConfigProblem p : problems) {
            array.addObject().put("severity", p.severity().name()).put("file", p.file()).put("line", p.line())
                    .put("field", p.field()).put("message", p.message());
        }
        return array;
    }

    static ArrayNode findings(List<LintFinding> findings) {
        ArrayNode array = JSON.createArrayNode();
        for (LintFinding f : findings) {
            array.addObject().put("severity", f.severity().name()).put("file", f.file()).put("field", f.field())
                    .put("rule", f.rule()).put("message", f.message()).put("fix", f.fix());
        }
        return array;
    }

    static void printProblems(PrintStream err, List<ConfigProblem> problems) {
        problems.forEach(p -> err.println(p));
    }

    static void printFindings(PrintStream out, List<LintFinding> findings) {
        for (LintFinding f : findings) {
            out.println(f.severity() + " " + f.file() + (f.field().isEmpty() ? "" : " " + f.field()) + " [" + f.rule() + "]");
            out.println("  " + f.message());
            out.println("  fix: " + f.fix().replace("\n", "\n       "));
        }
    }
}

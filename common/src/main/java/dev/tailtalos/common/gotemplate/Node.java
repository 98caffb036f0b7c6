package dev.tailtalos.common.gotemplate;

import java.util.List;

/** The parse tree of a template. */
sealed interface Node {

    int line();

    record Text(int line, String text) implements Node {
    }

    /** {@code {{ pipeline }}}: prints the value unless the pipeline declares variables. */
    record Action(int line, Pipeline pipe) implements Node {
    }

    /** if, with and range; {@code elseList} is empty when there is no else branch. */
    record Branch(int line, String keyword, Pipeline pipe, List<Node> list, List<Node> elseList) implements Node {
    }

    record Break(int line) implements Node {
    }

    record Continue(int line) implements Node {
    }

    /** @param declare {@code :=} (new variables) rather than {@code =} (assignment) */
    record Pipeline(int line, List<String> variables, boolean declare, List<Command> commands, String source)
            implements Node {
    }

    record Command(int line, List<Node> args) implements Node {
    }

    /** {@code .A.B}: fields of dot. */
    record Field(int line, List<String> names) implements Node {
    }

    /** {@code $x.A.B}; {@code $} alone is the data the template was executed with. */
    record Variable(int line, String name, List<String> fields) implements Node {
    }

    /** {@code (pipeline).A} or {@code "x".A}: fields of a term. */
    record Chain(int line, Node term, List<String> fields) implements Node {
    }

    record Identifier(int line, String name) implements Node {
    }

    record Dot(int line) implements Node {
    }

    record Nil(int line) implements Node {
    }

    record Literal(int line, Object value, String source) implements Node {
    }

    record Parenthesized(int line, Pipeline pipe) implements Node {
    }
}

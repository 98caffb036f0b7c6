package dev.tailtalos.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalTest {

    @Test
    void colourOnlyOnATerminalWithoutNoColor() {
        assertThat(Terminal.colourAllowed(Map.of(), true)).isTrue();
        assertThat(Terminal.colourAllowed(Map.of(), false)).as("not a TTY").isFalse();
        assertThat(Terminal.colourAllowed(Map.of("NO_COLOR", "1"), true)).isFalse();
        assertThat(Terminal.colourAllowed(Map.of("NO_COLOR", ""), true)).as("empty NO_COLOR does not count").isTrue();
        assertThat(Terminal.colourAllowed(Map.of("TERM", "dumb"), true)).isFalse();
    }

    @Test
    void plainOutputHasNoEscapes() {
        Terminal plain = new Terminal(false, false);
        assertThat(plain.state("COMPLETED")).isEqualTo("COMPLETED");
        assertThat(plain.bar(2, 0, 4, 8, "healthy")).isEqualTo("[####----] 2/4 healthy");
        assertThat(plain.bar(1, 1, 4, 8, "healthy")).isEqualTo("[##xx----] 1/4 healthy, 1 failed");
        assertThat(plain.redraw("x")).isEqualTo("x" + System.lineSeparator());
    }

    @Test
    void colouredOutput() {
        Terminal tty = new Terminal(true, true);
        assertThat(tty.state("FAILED")).isEqualTo("\u001b[31mFAILED\u001b[0m");
        assertThat(tty.state("COMPLETED")).startsWith("\u001b[32m");
        assertThat(tty.bar(3, 0, 3, 3, "healthy")).contains("███").endsWith("3/3 healthy");
        assertThat(tty.redraw("x")).startsWith("\r");
    }
}

package dev.tailtalos.cli.talos;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Column-aligned output like Go's tabwriter with talosctl's settings (padding 3). */
final class Table {

    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(List.of(header));
    }

    Table row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    void print(PrintStream out) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns - 1 && i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(cell);
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - cell.length() + 3));
                }
            }
            out.println(line);
        }
        out.flush();
    }
}

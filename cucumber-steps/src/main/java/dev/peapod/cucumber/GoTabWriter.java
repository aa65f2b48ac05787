package dev.peapod.cucumber;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code text/tabwriter} as kubectl describe sets it up ({@code tabbedString}: minwidth 0, padding 2, blanks, no
 * flags): text is written with tabs ending cells; at {@link #flush} each column of a block of consecutive lines that
 * have a cell there gets the widest cell plus two, and the text after a line's last tab is left as it is.
 */
final class GoTabWriter {
    private static final int PADDING = 2;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder out = new StringBuilder();

    void write(String text) {
        pending.append(text);
    }

    /** Lays out what was written since the last flush (describe flushes before its Events). */
    void flush() {
        List<List<String>> lines = new ArrayList<>();
        String text = pending.toString();
        pending.setLength(0);
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(cells(text.substring(start, i)));
                start = i + 1;
            }
        }
        String rest = text.substring(start);
        format(lines, 0, lines.size(), new ArrayList<>());
        out.append(rest); // an unterminated last line: kept as it is
    }

    String text() {
        flush();
        return out.toString();
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '\t') {
                cells.add(line.substring(start, i));
                start = i + 1;
            }
        }
        cells.add(line.substring(start));
        return cells;
    }

    /** tabwriter.go format: the blocks of column {@code widths.size()} between lines line0 and line1. */
    private void format(List<List<String>> lines, int line0, int line1, List<Integer> widths) {
        int column = widths.size();
        for (int current = line0; current < line1; current++) {
            if (column >= lines.get(current).size() - 1) {
                continue;
            }
            writeLines(lines, line0, current, widths);
            line0 = current;
            int width = 0;
            for (; current < line1; current++) {
                List<String> line = lines.get(current);
                if (column >= line.size() - 1) {
                    break;
                }
                width = Math.max(width, width(line.get(column)) + PADDING);
            }
            widths.add(width);
            format(lines, line0, current, widths);
            widths.remove(widths.size() - 1);
            line0 = current;
            current--; // the loop's increment: go on from the line that ended the block
        }
        writeLines(lines, line0, line1, widths);
    }

    private void writeLines(List<List<String>> lines, int line0, int line1, List<Integer> widths) {
        for (int i = line0; i < line1; i++) {
            List<String> line = lines.get(i);
            for (int j = 0; j < line.size(); j++) {
                String cell = line.get(j);
                out.append(cell);
                if (j < widths.size()) {
                    out.append(" ".repeat(Math.max(0, widths.get(j) - width(cell))));
                }
            }
            out.append('\n');
        }
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}

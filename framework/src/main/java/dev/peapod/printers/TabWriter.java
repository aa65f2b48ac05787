package dev.peapod.printers;

import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The column alignment kubectl's table printer gets from its tabwriter
 * (kubernetes: staging/src/k8s.io/cli-runtime/pkg/printers/tabwriter.go: minwidth 6, padding 3, padchar ' ';
 * the github.com/liggitt/tabwriter fork of Go's text/tabwriter).
 *
 * <p>Every line has the same number of cells, so the whole table is one column block: a column is as wide
 * as its widest cell plus the padding, and never narrower than the minimum width. Cells are left-aligned.
 * The last cell of a line ends with the newline, not a tab, so it is neither measured nor padded.
 * Public for the kubectl steps of {@code peapod-cucumber}, which lay out the API server's Tables as kubectl does.
 */
@API(status = INTERNAL, since = "0.1")
public final class TabWriter {
    static final int MIN_WIDTH = 6;
    static final int PADDING = 3;

    private TabWriter() {
    }

    /** The aligned text, one line per list, each ending in a newline; empty for no lines. */
    public static String align(List<List<String>> lines) {
        if (lines.isEmpty()) {
            return "";
        }
        int[] widths = widths(lines);
        StringBuilder out = new StringBuilder();
        for (List<String> line : lines) {
            for (int column = 0; column < line.size(); column++) {
                String cell = line.get(column);
                out.append(cell);
                if (column < widths.length) {
                    out.append(" ".repeat(widths[column] - width(cell)));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static int[] widths(List<List<String>> lines) {
        int[] widths = new int[lines.get(0).size() - 1];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = MIN_WIDTH;
            for (List<String> line : lines) {
                widths[column] = Math.max(widths[column], width(line.get(column)) + PADDING);
            }
        }
        return widths;
    }

    /** text/tabwriter measures a cell in runes (utf8.RuneCount), i.e. code points. */
    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}

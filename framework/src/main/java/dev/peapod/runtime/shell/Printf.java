package dev.peapod.runtime.shell;

import java.util.List;

/** printf(1): %s %d %i %u %x %X %o %c %b %% with flags and widths; the format is reused while arguments remain. */
final class Printf {
    private Printf() {
    }

    static int run(Job job, List<String> args, Io io) {
        if (args.isEmpty()) {
            io.err().write("printf: usage: printf FORMAT [ARGUMENT...]\n");
            return 2;
        }
        String format = args.get(0);
        List<String> values = args.subList(1, args.size());
        StringBuilder out = new StringBuilder();
        int used = 0;
        int status = 0;
        do {
            int before = used;
            int i = 0;
            while (i < format.length()) {
                char c = format.charAt(i);
                if (c == '\\') {
                    int end = escape(format, i, out);
                    if (end < 0) {
                        io.out().write(out.toString());
                        return status;
                    }
                    i = end;
                    continue;
                }
                if (c != '%') {
                    out.append(c);
                    i++;
                    continue;
                }
                int j = i + 1;
                while (j < format.length() && "-+ #0123456789.".indexOf(format.charAt(j)) >= 0) {
                    j++;
                }
                if (j >= format.length()) {
                    out.append(format, i, j);
                    break;
                }
                char conversion = format.charAt(j);
                String spec = format.substring(i, j);
                String value = used < values.size() ? values.get(used) : null;
                switch (conversion) {
                    case '%' -> out.append('%');
                    case 's' -> {
                        out.append(String.format(spec + "s", value == null ? "" : value));
                        used++;
                    }
                    case 'b' -> {
                        StringBuilder b = new StringBuilder();
                        escapes(value == null ? "" : value, b);
                        out.append(String.format(spec + "s", b));
                        used++;
                    }
                    case 'c' -> {
                        out.append(value == null || value.isEmpty() ? "" : value.substring(0, 1));
                        used++;
                    }
                    case 'd', 'i', 'u', 'x', 'X', 'o' -> {
                        long n = 0;
                        if (value != null && !value.isEmpty()) {
                            try {
                                n = Long.parseLong(value.trim());
                            } catch (NumberFormatException e) {
                                io.err().write("printf: invalid number '" + value + "'\n");
                                status = 1;
                            }
                        }
                        char javaConversion = conversion == 'i' || conversion == 'u' ? 'd' : conversion;
                        out.append(String.format(spec + javaConversion, n));
                        used++;
                    }
                    default -> {
                        io.err().write("printf: %" + conversion + ": invalid format\n");
                        io.out().write(out.toString());
                        return 1;
                    }
                }
                i = j + 1;
            }
            if (used == before) {
                break;
            }
        } while (used < values.size());
        io.out().write(out.toString());
        return status;
    }

    /** One backslash escape at {@code i}; the index after it, or -1 for \c (stop all output). */
    private static int escape(String s, int i, StringBuilder out) {
        if (i + 1 >= s.length()) {
            out.append('\\');
            return i + 1;
        }
        char d = s.charAt(i + 1);
        switch (d) {
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case '\\' -> out.append('\\');
            case 'a' -> out.append('\007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'v' -> out.append('\013');
            case 'e' -> out.append('\033');
            case '"' -> out.append('"');
            case 'c' -> {
                return -1;
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                int j = i + 1;
                int value = 0;
                int digits = d == '0' ? 4 : 3;
                while (j < s.length() && j < i + 1 + digits && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
                    value = value * 8 + (s.charAt(j) - '0');
                    j++;
                }
                out.append((char) value);
                return j;
            }
            default -> out.append('\\').append(d);
        }
        return i + 2;
    }

    /** echo -e and %b: backslash escapes; true when \c cut the output short. */
    static boolean escapes(String s, StringBuilder out) {
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) == '\\') {
                i = escape(s, i, out);
                if (i < 0) {
                    return true;
                }
            } else {
                out.append(s.charAt(i++));
            }
        }
        return false;
    }
}

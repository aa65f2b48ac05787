package dev.peapod.runtime.shell;

/** A command's standard streams: input it reads from, and where its output and errors go. */
record Io(Input in, Sink out, Sink err) {
    /** Where a stream's text goes: a buffer, a file, the container's log. */
    @FunctionalInterface
    interface Sink {
        void write(String text);
    }

    /** Text to read, consumed as it is read ({@code while read line; do ...; done < file}). */
    static final class Input {
        private final String text;
        private int at;

        Input(String text) {
            this.text = text;
        }

        static Input empty() {
            return new Input("");
        }

        /** The next line without its newline; null at the end. */
        String readLine() {
            if (at >= text.length()) {
                return null;
            }
            int nl = text.indexOf('\n', at);
            String line = nl < 0 ? text.substring(at) : text.substring(at, nl);
            at = nl < 0 ? text.length() : nl + 1;
            return line;
        }

        /** Everything not read yet. */
        String rest() {
            String rest = text.substring(at);
            at = text.length();
            return rest;
        }
    }

    Io withOut(Sink out) {
        return new Io(in, out, err);
    }

    Io withErr(Sink err) {
        return new Io(in, out, err);
    }

    Io withIn(Input in) {
        return new Io(in, out, err);
    }
}

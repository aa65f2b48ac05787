package dev.peapod.manifest;

import dev.peapod.manifest.ManifestException.Problem;

import java.util.Optional;

/**
 * The API server's limit on one request, applied to each document before it is parsed: parsing a
 * 20 MB document would take a minute to say what the API server says at once. kubectl sends each
 * object as its own request; the API server refuses a body over 3 MiB
 * (k8s.io/apiserver/pkg/server/config.go, MaxRequestBodyBytes = 3 * 1024 * 1024; the message is
 * apierrors.NewRequestEntityTooLargeError's, from k8s.io/apiserver/pkg/endpoints/handlers/rest.go,
 * limitedReadBody: {@code Request entity too large: limit is 3145728}). The document's YAML text is
 * measured, not the JSON kubectl would send: the two differ by indentation and quoting, and a
 * document near the limit is refused either way once its objects' own limits apply.
 */
final class DocumentSizes {
    static final int MAX_REQUEST_BYTES = 3 * 1024 * 1024;

    private DocumentSizes() {
    }

    /** The first document over the limit, found by scanning for {@code ---} lines: no parsing. */
    static Optional<Problem> tooLarge(String source, String text) {
        if (text.length() <= MAX_REQUEST_BYTES / 3) {
            return Optional.empty(); // UTF-8 takes at most 3 bytes per char
        }
        int counted = 0; // documents before the current one
        int startLine = 1;
        long bytes = 0;
        boolean content = false; // the text before the first --- is a document only if it holds something
        int line = 1;
        for (int i = 0; i < text.length(); ) {
            int end = lineEnd(text, i);
            int next = next(text, end);
            if (isDocumentStart(text, i, end)) {
                if (content) {
                    Optional<Problem> problem = check(source, ++counted, startLine, bytes);
                    if (problem.isPresent()) {
                        return problem;
                    }
                }
                startLine = line;
                bytes = 0;
                content = true;
            } else if (!content && hasContent(text, i, end)) {
                content = true;
            }
            bytes += utf8Bytes(text, i, next);
            i = next;
            line++;
        }
        return content ? check(source, counted + 1, startLine, bytes) : Optional.empty();
    }

    /**
     * The 1-based document holding the char at {@code index}, counted as {@link #tooLarge} counts them:
     * each {@code ---} at the start of a line before it starts a document, and the text before the first
     * {@code ---} is a document only if it holds something. For problems found outside the parser (a
     * byte that is not UTF-8, a control character the reader refuses while reading ahead).
     */
    static int documentAt(String text, int index) {
        int counted = 0;
        boolean content = false;
        for (int i = 0; i <= Math.min(index, text.length() - 1); ) {
            int end = lineEnd(text, i);
            if (isDocumentStart(text, i, end)) {
                if (content) {
                    counted++;
                }
                content = true;
            } else if (!content && hasContent(text, i, end)) {
                content = true;
            }
            i = next(text, end);
            if (i == end) {
                break; // the last line
            }
        }
        return counted + 1;
    }

    private static Optional<Problem> check(String source, int document, int line, long bytes) {
        if (bytes <= MAX_REQUEST_BYTES) {
            return Optional.empty();
        }
        return Optional.of(new Problem(source, document, 0, null, line, 0,
                "Request entity too large: limit is " + MAX_REQUEST_BYTES + " (the document is " + bytes
                        + " bytes; the API server takes at most 3 MiB per object: split it or make it smaller)"));
    }

    /** A {@code ---} marker at the start of a line, followed by a space, a tab or the end of the line. */
    private static boolean isDocumentStart(String text, int start, int end) {
        return end - start >= 3 && text.startsWith("---", start)
                && (end - start == 3 || text.charAt(start + 3) == ' ' || text.charAt(start + 3) == '\t');
    }

    /** A line that is not blank, a comment or a directive. */
    private static boolean hasContent(String text, int start, int end) {
        int i = start;
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i < end && text.charAt(i) != '#' && text.charAt(i) != '%';
    }

    private static int lineEnd(String text, int start) {
        int i = start;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    private static int next(String text, int lineEnd) {
        if (lineEnd < text.length() && text.charAt(lineEnd) == '\r' && lineEnd + 1 < text.length()
                && text.charAt(lineEnd + 1) == '\n') {
            return lineEnd + 2;
        }
        return Math.min(lineEnd + 1, text.length());
    }

    private static long utf8Bytes(String text, int start, int end) {
        long bytes = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}

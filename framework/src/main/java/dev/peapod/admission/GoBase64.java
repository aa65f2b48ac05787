package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Go's base64.StdEncoding.Decode (encoding/base64/base64.go, decodeQuantum), which encoding/json
 * runs on every {@code []byte} field: Secret {@code data}, ConfigMap {@code binaryData}. The
 * position of the first bad byte is Go's, so the API server's decode error can be given word for
 * word: {@code Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input
 * byte 4} (transformDecodeError, apiserver/pkg/endpoints/handlers/create.go). Newlines are skipped,
 * as Go skips them.
 */
final class GoBase64 {
    private static final int[] DECODE = new int[256];

    static {
        java.util.Arrays.fill(DECODE, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            DECODE[alphabet.charAt(i)] = i;
        }
    }

    private GoBase64() {
    }

    /** The decoded bytes, or empty when Go would fail. */
    static Optional<byte[]> decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return corruptAt(text.getBytes(StandardCharsets.UTF_8), out).isPresent() ? Optional.empty() : Optional.of(out.toByteArray());
    }

    /** CorruptInputError's offset, or empty when the text decodes. */
    static OptionalInt corruptAt(String text) {
        return corruptAt(text.getBytes(StandardCharsets.UTF_8), new ByteArrayOutputStream());
    }

    /**
     * Refuses an object whose {@code []byte} map holds a value Go cannot decode, as the API server's
     * decoder does before any validation. A Secret's value is redacted, as ValidateSecret redacts
     * secret contents: an undecodable value is most often the plain secret itself.
     */
    static void requireDecodable(HasMetadata object, String field, Map<String, String> values, boolean redact) {
        if (values == null) {
            return;
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            OptionalInt at = corruptAt(e.getValue() == null ? "" : e.getValue());
            if (at.isPresent()) {
                throw DecodeErrors.of(object, FieldPath.of(field).key(e.getKey()),
                        redact ? "<secret contents redacted>" : e.getValue(),
                        "illegal base64 data at input byte " + at.getAsInt());
            }
        }
    }

    private static OptionalInt corruptAt(byte[] src, ByteArrayOutputStream out) {
        int si = 0;
        while (si < src.length) {
            int[] dbuf = new int[4];
            int dlen = 4;
            int j = 0;
            Integer error = null;
            while (j < 4) {
                if (si == src.length) {
                    if (j == 0) {
                        return OptionalInt.empty();
                    }
                    return OptionalInt.of(si - j); // StdEncoding pads, so a short last quantum is corrupt
                }
                int in = src[si] & 0xff;
                si++;
                if (DECODE[in] >= 0) {
                    dbuf[j++] = DECODE[in];
                    continue;
                }
                if (in == '\n' || in == '\r') {
                    continue;
                }
                if (in != '=') {
                    return OptionalInt.of(si - 1);
                }
                // padding: only after two or three characters of a quantum
                if (j < 2) {
                    return OptionalInt.of(si - 1);
                }
                if (j == 2) {
                    while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
                        si++;
                    }
                    if (si == src.length) {
                        return OptionalInt.of(src.length);
                    }
                    if (src[si] != '=') {
                        return OptionalInt.of(si - 1);
                    }
                    si++;
                }
                while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
                    si++;
                }
                if (si < src.length) {
                    error = si; // trailing garbage after the padding
                }
                dlen = j;
                break;
            }
            int val = dbuf[0] << 18 | dbuf[1] << 12 | dbuf[2] << 6 | dbuf[3];
            byte[] bytes = {(byte) (val >> 16), (byte) (val >> 8), (byte) val};
            out.write(bytes, 0, dlen - 1);
            if (error != null) {
                return OptionalInt.of(error);
            }
        }
        return OptionalInt.empty();
    }
}

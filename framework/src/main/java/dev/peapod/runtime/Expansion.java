package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.util.Map;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * Kubernetes' {@code $(VAR)} expansion (third_party/forked/golang/expansion/expand.go): {@code $(NAME)}
 * becomes the value when NAME is defined and stays as written when not; {@code $$} is a literal
 * {@code $}; any other {@code $} is kept; an unterminated {@code $(} is kept.
 */
@API(status = INTERNAL, since = "0.1")
public final class Expansion {
    private Expansion() {
    }

    public static String expand(String input, Map<String, String> values) {
        StringBuilder out = new StringBuilder(input.length());
        int checkpoint = 0;
        for (int cursor = 0; cursor < input.length(); cursor++) {
            if (input.charAt(cursor) != '$' || cursor + 1 >= input.length()) {
                continue;
            }
            out.append(input, checkpoint, cursor);
            char next = input.charAt(cursor + 1);
            int advance = 1;
            if (next == '$') {
                out.append('$');
            } else if (next == '(') {
                int close = input.indexOf(')', cursor + 2);
                if (close < 0) {
                    out.append("$(");
                } else {
                    String name = input.substring(cursor + 2, close);
                    out.append(values.containsKey(name) ? values.get(name) : "$(" + name + ")");
                    advance = close - cursor;
                }
            } else {
                out.append('$').append(next);
            }
            cursor += advance;
            checkpoint = cursor + 1;
        }
        return out.append(input.substring(Math.min(checkpoint, input.length()))).toString();
    }
}

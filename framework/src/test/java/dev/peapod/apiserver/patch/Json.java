package dev.peapod.apiserver.patch;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Test helpers: JSON written with single quotes, so that cases read like upstream's. */
final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /** {@code json("{'a':1}")}: a tree from JSON whose quotes are single. */
    static JsonNode json(String singleQuoted) {
        return MAPPER.readTree(singleQuoted.replace('\'', '"'));
    }

    /** A request body from JSON whose quotes are single. */
    static byte[] body(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    /** A request body exactly as given. */
    static byte[] raw(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static PatchException refusal(Runnable call) {
        return catchThrowableOfType(PatchException.class, call::run);
    }
}

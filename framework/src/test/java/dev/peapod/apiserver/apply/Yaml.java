package dev.peapod.apiserver.apply;

import dev.peapod.apiserver.patch.PatchException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Test helpers: objects written as YAML, as kubectl shows them. */
final class Yaml {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Yaml() {
    }

    static JsonNode yaml(String text) {
        return MAPPER.valueToTree(new Load(LoadSettings.builder().build()).loadFromString(text));
    }

    static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static PatchException refusal(Runnable call) {
        return catchThrowableOfType(PatchException.class, call::run);
    }
}

package dev.peapod.apiserver;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/** Writes response bodies with Fabric8's mapper, so model objects come out as Fabric8 writes them. */
final class Json {
    static final ObjectMapper MAPPER = Serialization.jsonMapper();

    private Json() {
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new PeapodException("cannot write a response body: " + e.getOriginalMessage(), e);
        }
    }

    static String string(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new PeapodException("cannot write a response body: " + e.getOriginalMessage(), e);
        }
    }
}

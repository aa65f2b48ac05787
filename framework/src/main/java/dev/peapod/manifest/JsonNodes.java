package dev.peapod.manifest;

import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed JSON tree as the YAML nodes the loader's checks walk, built directly: what
 * {@code YamlStream.first(json)} composes from the same text, without printing and re-reading it
 * (a request body is checked once per write, so this is on the HTTP API's create path). Strings are
 * quoted scalars, integers, booleans and null plain scalars with their resolved tags, as the YAML
 * reader tags JSON text.
 */
final class JsonNodes {
    private JsonNodes() {
    }

    /**
     * The tree as YAML nodes; empty when it holds a fraction or an exponent, whose text Go's error
     * quotes as written and a parsed tree no longer has (the caller reads the text instead).
     */
    static Optional<Node> asYaml(JsonNode tree) {
        return Optional.ofNullable(node(tree));
    }

    private static Node node(JsonNode json) {
        if (json.isObject()) {
            List<NodeTuple> entries = new ArrayList<>(json.size());
            for (Map.Entry<String, JsonNode> entry : json.properties()) {
                Node value = node(entry.getValue());
                if (value == null) {
                    return null;
                }
                entries.add(new NodeTuple(quoted(entry.getKey()), value));
            }
            return new MappingNode(Tag.MAP, entries, FlowStyle.FLOW);
        }
        if (json.isArray()) {
            List<Node> items = new ArrayList<>(json.size());
            for (JsonNode item : json) {
                Node value = node(item);
                if (value == null) {
                    return null;
                }
                items.add(value);
            }
            return new SequenceNode(Tag.SEQ, items, FlowStyle.FLOW);
        }
        if (json.isString()) {
            return quoted(json.asString());
        }
        if (json.isIntegralNumber()) {
            return plain(Tag.INT, json.asString());
        }
        if (json.isBoolean()) {
            return plain(Tag.BOOL, json.asString());
        }
        if (json.isNull()) {
            return plain(Tag.NULL, "null");
        }
        return null; // a fraction, an exponent, or a node JSON text does not make
    }

    private static ScalarNode quoted(String text) {
        return new ScalarNode(Tag.STR, text, ScalarStyle.DOUBLE_QUOTED);
    }

    private static ScalarNode plain(Tag tag, String text) {
        return new ScalarNode(tag, text, ScalarStyle.PLAIN);
    }
}

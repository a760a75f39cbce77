package io.ocelot.core.lang;

import com.fasterxml.jackson.databind.JsonNode;
import io.ocelot.core.Json;
import org.junit.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * schema/ocelot.schema.json (for editor completion) and the parser must know the same keys in the same places:
 * a key the parser accepts but the schema lacks would be flagged by editors, and the reverse would be completed
 * by editors and then rejected by Ocelot.
 */
public class PipelineSchemaTest {
    private static JsonNode schema() throws IOException {
        Path p = Paths.get(System.getProperty("ocelot.repo.root", "."), "schema", "ocelot.schema.json");
        return Json.mapper().readTree(Files.readAllBytes(p));
    }

    /** Follows "stages[].trigger"-style paths through properties, items and local $refs. */
    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        if (path.isEmpty()) {
            return node;
        }
        for (String part : path.split("\\.")) {
            boolean items = part.endsWith("[]");
            String name = items ? part.substring(0, part.length() - 2) : part;
            node = deref(root, node.path("properties").path(name));
            if (items) {
                node = deref(root, node.path("items"));
            }
            assertFalse("schema has no " + path, node.isMissingNode());
        }
        return node;
    }

    private static JsonNode deref(JsonNode root, JsonNode node) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertTrue(ref, ref.startsWith("#/"));
            return root.at(ref.substring(1));
        }
        return node;
    }

    @Test
    public void everyPlaceHasTheParsersKeysExactly() throws IOException {
        JsonNode root = schema();
        for (Map.Entry<String, List<String>> e : PipelineKeys.byPath().entrySet()) {
            JsonNode obj = at(root, e.getKey());
            Set<String> schemaKeys = new HashSet<>();
            obj.path("properties").fieldNames().forEachRemaining(schemaKeys::add);
            assertEquals("keys at '" + e.getKey() + "'", Set.copyOf(e.getValue()), schemaKeys);
            assertEquals("unknown keys are errors at '" + e.getKey() + "'", "false", obj.path("additionalProperties").asText());
        }
    }

    @Test
    public void theSchemaHasNoMapTheParserDoesNotCheck() throws IOException {
        List<JsonNode> withProperties = new ArrayList<>();
        collect(schema(), withProperties);
        assertEquals("every object with 'properties' in the schema is one of PipelineKeys.byPath()",
                PipelineKeys.byPath().size(), withProperties.size());
    }

    @Test
    public void requiredKeysMatchTheParsersRequirements() throws IOException {
        JsonNode root = schema();
        assertEquals("[\"stages\"]", root.get("required").toString());
        assertEquals("[\"name\"]", at(root, "stages[]").get("required").toString());
        assertEquals("a stage has a script or a buildImage, not both",
                "[{\"required\":[\"script\"],\"not\":{\"required\":[\"buildImage\"]}},"
                        + "{\"required\":[\"buildImage\"],\"not\":{\"required\":[\"script\"]}}]",
                at(root, "stages[]").get("oneOf").toString());
        assertEquals("[\"name\",\"image\"]", at(root, "services[]").get("required").toString());
        assertEquals("[\"name\",\"paths\"]", at(root, "caches[]").get("required").toString());
        assertEquals("[\"tags\"]", at(root, "stages[].buildImage").get("required").toString());
        assertEquals("[\"channel\"]", at(root, "notify.slack").get("required").toString());
        assertEquals("[\"url\"]", at(root, "notify.webhook").get("required").toString());
        assertNotNull("exactly one of image/machineTag", root.get("oneOf"));
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isObject()) {
            if (node.has("properties") && node.get("properties").isObject()) {
                out.add(node);
            }
            node.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("properties")) {
                    collect(f.getValue(), out);
                } else {
                    f.getValue().fields().forEachRemaining(p -> collect(p.getValue(), out));
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }
}

package io.ocelot.core.lang;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.MappingNode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an {@code env}: the original ocelot's list of {@code KEY=VALUE} strings, or a map. Values are kept as
 * written ({@code DEBUG: 010} stays "010"). A name a shell cannot use, a name set twice, or a missing value is an
 * error; setting a built-in is a warning because the built-in wins.
 */
final class EnvReader {
    private final NodeReader reader;

    EnvReader(NodeReader reader) {
        this.reader = reader;
    }

    Map<String, String> read(Node node, String what) {
        Map<String, String> env = new LinkedHashMap<>();
        if (node == null || NodeReader.isNull(node)) {
            return env;
        }
        if (node instanceof MappingNode) {
            Map<String, NodeTuple> entries = reader.entries(node, what, null, "");
            for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
                Node keyNode = e.getValue().getKeyNode();
                String value = reader.text(e.getValue().getValueNode(), what + " '" + e.getKey() + "'");
                if (checkName(e.getKey(), keyNode) && value != null) {
                    env.put(e.getKey(), value);
                }
            }
            return env;
        }
        List<Node> items = reader.items(node, what, "KEY=VALUE strings (or a map)");
        if (items == null) {
            return env;
        }
        Map<String, Node> seen = new HashMap<>();
        for (Node item : items) {
            String entry = reader.text(item, what + " entry");
            if (entry == null) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                reader.problems().error(item, what + " entry '" + entry + "' must look like KEY=VALUE");
                continue;
            }
            String name = entry.substring(0, eq);
            if (!checkName(name, item)) {
                continue;
            }
            Node first = seen.putIfAbsent(name, item);
            if (first != null) {
                reader.problems().error(item, "'" + name + "' is set twice in " + what + " "
                        + Problems.firstAt(first.getStartMark(), item.getStartMark()));
                continue;
            }
            env.put(name, entry.substring(eq + 1));
        }
        return env;
    }

    private boolean checkName(String name, Node at) {
        if (!BuiltinEnv.VALID_NAME.matcher(name).matches()) {
            reader.problems().error(at, "invalid environment variable name '" + name
                    + "': use letters, digits and '_', not starting with a digit");
            return false;
        }
        if (BuiltinEnv.NAMES.contains(name)) {
            reader.problems().warning(at, "'" + name + "' is set by Ocelot " + BuiltinEnv.setWhere(name));
        }
        return true;
    }
}

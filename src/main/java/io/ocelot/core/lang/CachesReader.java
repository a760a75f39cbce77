package io.ocelot.core.lang;

import io.ocelot.core.plan.CacheSpec;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the top-level {@code caches}: each a unique {@code name} (it names the cache's directory on the werker
 * host, hence the plain characters), the workspace {@code paths} it keeps, and an optional {@code key}: workspace
 * files whose content selects the cache (a lock file).
 */
final class CachesReader {
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]+");
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_CACHES = 20;

    private final NodeReader reader;
    private final ValueReader values;

    CachesReader(NodeReader reader, ValueReader values) {
        this.reader = reader;
        this.values = values;
    }

    List<CacheSpec> read(NodeTuple entry) {
        Node node = entry.getValueNode();
        List<Node> items = reader.items(node, "'caches'", "caches (maps with 'name' and 'paths')");
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            reader.problems().error(NodeReader.isNull(node) ? entry.getKeyNode() : node,
                    "'caches' is empty: list at least one cache with a 'name' and 'paths', or leave it out");
            return List.of();
        }
        if (items.size() > MAX_CACHES) {
            reader.problems().error(items.get(MAX_CACHES), "'caches': at most " + MAX_CACHES + " caches per pipeline");
            return List.of();
        }
        Map<String, Node> names = new HashMap<>();
        List<CacheSpec> out = new ArrayList<>();
        for (Node item : items) {
            CacheSpec c = cache(item, names);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private CacheSpec cache(Node node, Map<String, Node> names) {
        if (!(node instanceof MappingNode)) {
            reader.problems().error(node, "each cache must be a map with 'name' and 'paths', found "
                    + NodeReader.describe(node));
            return null;
        }
        int before = reader.problems().errorCount();
        Map<String, NodeTuple> e = reader.entries(node, "cache", PipelineKeys.CACHE, " in a cache");
        String name = name(e.get("name"), node, names);
        String what = name == null ? "a cache" : "cache '" + name + "'";
        List<String> paths = null;
        if (e.containsKey("paths")) {
            NodeTuple t = e.get("paths");
            paths = values.workspacePaths(t.getValueNode(), t.getKeyNode(), "'paths' of " + what, ".m2/repository");
        } else {
            reader.problems().error(node, what + " has no 'paths': list the workspace directories it keeps");
        }
        List<String> key = List.of();
        if (e.containsKey("key")) {
            NodeTuple t = e.get("key");
            key = values.workspacePaths(t.getValueNode(), t.getKeyNode(), "'key' of " + what, "package-lock.json");
        }
        if (reader.problems().errorCount() > before || name == null || paths == null || key == null) {
            return null;
        }
        return new CacheSpec(name, paths, key);
    }

    private String name(NodeTuple t, Node cache, Map<String, Node> names) {
        if (t == null) {
            reader.problems().error(cache, "cache has no 'name'");
            return null;
        }
        Node n = t.getValueNode();
        String name = reader.nonBlank(n, "'name' of a cache");
        if (name == null) {
            return null;
        }
        if (!NAME.matcher(name).matches() || name.length() > MAX_NAME_LENGTH || name.equals(".") || name.equals("..")) {
            reader.problems().error(n, "'name' of a cache: '" + Abbreviate.text(name) + "' may only hold letters, "
                    + "digits, '.', '_' and '-' (at most " + MAX_NAME_LENGTH + " characters, not '.' or '..')");
            return null;
        }
        Node first = names.putIfAbsent(name, n);
        if (first != null) {
            reader.problems().error(n, "duplicate cache name '" + name + "' "
                    + Problems.firstAt(first.getStartMark(), n.getStartMark()));
            return null;
        }
        return name;
    }
}

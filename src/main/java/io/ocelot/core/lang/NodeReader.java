package io.ocelot.core.lang;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of YAML nodes that turn every mismatch into a problem at the node's position ("'branches':
 * expected a list of strings, found a map") and return null/empty so reading goes on and later mistakes are
 * reported too. Scalars are taken as the text the user wrote: {@code version: 1.10} stays "1.10" and
 * {@code on: yes} stays "yes", which is why the language reads nodes rather than constructed Java objects.
 */
final class NodeReader {
    private final Problems problems;

    NodeReader(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    /** How deep merges may chain ({@code <<: *a} where a itself merges b ...); real files use one or two. */
    static final int MAX_MERGE_DEPTH = 8;

    /**
     * The entries of a map, keyed by name, with duplicate and unknown keys reported (known == null: any key).
     * YAML merge keys ({@code <<: *defaults}) are resolved here: explicit keys win, then merged maps in order.
     * SnakeYAML can merge while composing, but its flattening explodes on nested merge bombs; doing it here,
     * only for maps the language actually reads and with a depth limit, keeps it cheap.
     */
    Map<String, NodeTuple> entries(Node node, String what, Collection<String> known, String where) {
        if (!(node instanceof MappingNode map)) {
            problems.error(node, what + ": expected a map, found " + describe(node));
            return null;
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        List<NodeTuple> merges = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            if (isMergeKey(k)) {
                merges.add(t);
                continue;
            }
            String key = key(k);
            if (key == null) {
                continue;
            }
            NodeTuple first = out.get(key);
            if (first != null) {
                problems.error(k, "duplicate key '" + key + "' "
                        + Problems.firstAt(first.getKeyNode().getStartMark(), k.getStartMark()));
                continue;
            }
            if (known != null && !known.contains(key)) {
                problems.error(k, unknownKey(key, known, where));
                continue;
            }
            out.put(key, t);
        }
        for (NodeTuple m : merges) {
            merge(out, m.getValueNode(), known, where, 1);
        }
        return out;
    }

    private void merge(Map<String, NodeTuple> into, Node source, Collection<String> known, String where, int depth) {
        if (depth > MAX_MERGE_DEPTH) {
            problems.error(source, "merge keys ('<<') chained more than " + MAX_MERGE_DEPTH + " deep");
            return;
        }
        List<Node> sources = source instanceof SequenceNode seq ? seq.getValue() : List.of(source);
        for (Node src : sources) {
            if (!(src instanceof MappingNode map)) {
                problems.error(src, "'<<' merges a map or a list of maps, found " + describe(src));
                continue;
            }
            Map<String, NodeTuple> own = new LinkedHashMap<>();
            List<NodeTuple> nested = new ArrayList<>();
            for (NodeTuple t : map.getValue()) {
                if (isMergeKey(t.getKeyNode())) {
                    nested.add(t);
                    continue;
                }
                String key = key(t.getKeyNode());
                if (key == null) {
                    continue;
                }
                if (known != null && !known.contains(key)) {
                    problems.error(t.getKeyNode(), unknownKey(key, known, where));
                    continue;
                }
                own.putIfAbsent(key, t);
            }
            for (NodeTuple t : nested) {
                merge(own, t.getValueNode(), known, where, depth + 1);
            }
            own.forEach(into::putIfAbsent);
        }
    }

    private String key(Node k) {
        if (!(k instanceof ScalarNode ks) || isNull(k)) {
            problems.error(k, "a key must be a plain name, found " + describe(k));
            return null;
        }
        return ks.getValue();
    }

    private static boolean isMergeKey(Node k) {
        return k instanceof ScalarNode && Tag.MERGE.equals(k.getTag());
    }

    static String unknownKey(String key, Collection<String> known, String where) {
        Optional<String> near = KeySuggester.nearest(key, known);
        String base = "unknown key '" + key + "'" + where;
        return near.map(n -> base + " — did you mean '" + n + "'?")
                .orElseGet(() -> base + " (known keys: " + String.join(", ", known) + ")");
    }

    /** A scalar's text; null (and a problem) for nothing, a list or a map. */
    String text(Node node, String what) {
        if (node instanceof ScalarNode s && !isNull(node)) {
            return s.getValue();
        }
        problems.error(node, what + ": expected text, found " + describe(node));
        return null;
    }

    /** Text that must not be blank. */
    String nonBlank(Node node, String what) {
        String s = text(node, what);
        if (s != null && s.isBlank()) {
            problems.error(node, what + ": must not be empty");
            return null;
        }
        return s;
    }

    Boolean bool(Node node, String what) {
        if (node instanceof ScalarNode s && !isNull(node)) {
            if (s.getValue().equalsIgnoreCase("true")) {
                return true;
            }
            if (s.getValue().equalsIgnoreCase("false")) {
                return false;
            }
        }
        problems.error(node, what + ": expected true or false, found " + describe(node));
        return null;
    }

    /**
     * The items of a list; nothing ({@code key:} with no value) reads as an empty list, as the original ocelot
     * treated it. Null and a problem for a scalar or a map.
     */
    List<Node> items(Node node, String what, String itemKind) {
        if (isNull(node)) {
            return List.of();
        }
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        problems.error(node, what + ": expected a list of " + itemKind + ", found " + describe(node));
        return null;
    }

    /** A list of texts; null when the node itself is wrong, and each bad item is reported at its own place. */
    List<ScalarNode> texts(Node node, String what) {
        List<Node> items = items(node, what, "strings");
        if (items == null) {
            return null;
        }
        List<ScalarNode> out = new ArrayList<>();
        boolean ok = true;
        for (Node item : items) {
            if (item instanceof ScalarNode s && !isNull(item)) {
                out.add(s);
            } else {
                problems.error(item, what + ": expected a list of strings, but this item is " + describe(item));
                ok = false;
            }
        }
        return ok ? out : null;
    }

    /**
     * A problem at {@code offset} characters into a scalar's text. Exact for plain and quoted scalars on one line
     * (the usual way directives and regexes are written); for block scalars, or quoted text with escapes before
     * the offset, the column is the best estimate available: the start of the scalar's text.
     */
    void errorInside(ScalarNode s, int offset, String message) {
        problems.error(Problems.lineOf(s.getStartMark()), columnInside(s, offset), message);
    }

    /** {@code FILE:LINE:COLUMN} of {@code offset} characters into a scalar's text, as {@link #errorInside} places it. */
    String whereInside(ScalarNode s, int offset) {
        return problems.file() + ":" + Problems.lineOf(s.getStartMark()) + ":" + columnInside(s, offset);
    }

    private static int columnInside(ScalarNode s, int offset) {
        Mark start = s.getStartMark();
        boolean oneLine = s.getEndMark() != null && s.getEndMark().getLine() == start.getLine();
        int column = Problems.columnOf(start);
        switch (s.getScalarStyle()) {
            case PLAIN -> column += oneLine ? offset : 0;
            case SINGLE_QUOTED, DOUBLE_QUOTED -> column += 1 + (oneLine && !hasEscapes(s) ? offset : 0);
            default -> { }
        }
        return column;
    }

    /** Every escape ({@code \\n}, {@code ''}) makes the value shorter than its source text. */
    private static boolean hasEscapes(ScalarNode s) {
        int sourceLength = s.getEndMark().getIndex() - s.getStartMark().getIndex() - 2;
        return s.getValue().length() != sourceLength;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** How a node is named in messages: "a map", "a list", "nothing", "text 'abc'". */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a map";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "nothing";
        }
        String v = ((ScalarNode) node).getValue();
        if (v.length() > 40) {
            v = v.substring(0, 37) + "...";
        }
        return "text '" + v.replace("\n", "\\n") + "'";
    }
}

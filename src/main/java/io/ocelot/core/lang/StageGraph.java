package io.ocelot.core.lang;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the {@code needs} of a file's stages once all stages are read: every name must be a stage of the file
 * (with a suggestion for a typo), no stage may need itself or list a stage twice, and the stages must not wait
 * on each other in a circle, which would never start. A cycle is named as the chain the user follows to see it
 * ({@code a -> b -> a}), reported once, at the entry that closes it.
 */
final class StageGraph {
    /**
     * Unknown names that get a suggestion: each costs a comparison with every stage name, and a hostile file can
     * list thousands of unknown names beside thousands of stages.
     */
    static final int MAX_SUGGESTIONS = 20;

    private final NodeReader reader;
    private int suggestions;
    /** Stage name → its valid needs entries (file order), for stages that have {@code needs}. */
    private final Map<String, List<ScalarNode>> edges = new LinkedHashMap<>();

    StageGraph(NodeReader reader) {
        this.reader = reader;
    }

    /** Records a stage's {@code needs} entries (read, not yet checked). */
    void add(String stage, List<ScalarNode> needs) {
        edges.put(stage, needs);
    }

    boolean isEmpty() {
        return edges.isEmpty();
    }

    /** Reports every problem; {@code stages}: every stage name of the file, to its node. */
    void check(Map<String, Node> stages) {
        Map<String, List<ScalarNode>> valid = new LinkedHashMap<>();
        for (Map.Entry<String, List<ScalarNode>> e : edges.entrySet()) {
            String stage = e.getKey();
            Map<String, ScalarNode> seen = new HashMap<>();
            List<ScalarNode> ok = new ArrayList<>();
            for (ScalarNode n : e.getValue()) {
                String need = n.getValue();
                ScalarNode first = seen.putIfAbsent(need, n);
                if (first != null) {
                    reader.problems().error(n, "'needs' of stage '" + stage + "' lists '" + Abbreviate.text(need)
                            + "' twice " + Problems.firstAt(first.getStartMark(), n.getStartMark()));
                } else if (need.equals(stage)) {
                    reader.problems().error(n, "stage '" + stage + "' needs itself: a stage cannot wait for its own end");
                } else if (!stages.containsKey(need)) {
                    reader.problems().error(n, unknown(stage, need, stages));
                } else {
                    ok.add(n);
                }
            }
            valid.put(stage, ok);
        }
        findCycles(valid);
    }

    private String unknown(String stage, String need, Map<String, Node> stages) {
        String base = "'needs' of stage '" + stage + "': there is no stage '" + Abbreviate.text(need) + "'";
        if (++suggestions > MAX_SUGGESTIONS) {
            return base;
        }
        Optional<String> near = KeySuggester.nearest(need, stages.keySet());
        return near.map(n -> base + " — did you mean '" + n + "'?").orElseGet(() -> base + " (the stages are: "
                + Abbreviate.list(new ArrayList<>(stages.keySet())) + ")");
    }

    /**
     * Depth-first over the stages in file order; each edge back onto the current path closes one cycle. Iterative:
     * a hostile file can chain thousands of stages, deeper than the thread's stack.
     */
    private void findCycles(Map<String, List<ScalarNode>> graph) {
        Map<String, Boolean> onPath = new HashMap<>(); // absent: not visited; true: on the path; false: done
        for (String start : graph.keySet()) {
            if (onPath.containsKey(start)) {
                continue;
            }
            List<String> path = new ArrayList<>();
            List<Integer> nextEdge = new ArrayList<>();
            path.add(start);
            nextEdge.add(0);
            onPath.put(start, true);
            while (!path.isEmpty()) {
                int top = path.size() - 1;
                String stage = path.get(top);
                List<ScalarNode> out = graph.getOrDefault(stage, List.of());
                int i = nextEdge.get(top);
                if (i == out.size()) {
                    onPath.put(stage, false);
                    path.remove(top);
                    nextEdge.remove(top);
                    continue;
                }
                nextEdge.set(top, i + 1);
                ScalarNode n = out.get(i);
                String next = n.getValue();
                Boolean s = onPath.get(next);
                if (s == null) {
                    onPath.put(next, true);
                    path.add(next);
                    nextEdge.add(0);
                } else if (s) {
                    List<String> cycle = new ArrayList<>(path.subList(path.indexOf(next), path.size()));
                    cycle.add(next);
                    reader.problems().error(n, "'needs' makes a cycle: " + cycleText(cycle)
                            + "; these stages would wait for each other forever");
                }
            }
        }
    }

    /** "a -> b -> a"; a long cycle shows its first stages and how many more. */
    private static String cycleText(List<String> cycle) {
        if (cycle.size() <= Abbreviate.ITEMS) {
            return String.join(" -> ", cycle.stream().map(Abbreviate::text).toList());
        }
        return String.join(" -> ", cycle.subList(0, Abbreviate.ITEMS - 1).stream().map(Abbreviate::text).toList())
                + " -> ... (" + (cycle.size() - Abbreviate.ITEMS) + " more) -> " + Abbreviate.text(cycle.get(cycle.size() - 1));
    }
}

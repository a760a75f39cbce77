package io.ocelot.core.lang;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code stages}: each a map with a unique {@code name} and a non-empty {@code script}, plus optional env,
 * workdir, timeout, always and the two trigger forms. A stage with errors is reported and left out; the file is
 * then invalid anyway, and the other stages are still checked.
 */
final class StageReader {
    static final int MAX_NAME_LENGTH = 100;
    /** Trigger directives of the whole file; each is evaluated on every event. */
    static final int MAX_TRIGGERS = 100;

    private final NodeReader reader;
    private final ValueReader values;
    private final Map<String, Node> names = new HashMap<>();
    private final List<Node> stageNodes = new ArrayList<>();
    private int triggerCount;

    StageReader(NodeReader reader, ValueReader values) {
        this.reader = reader;
        this.values = values;
    }

    List<StageSpec> read(NodeTuple stagesEntry, Node fileRoot) {
        if (stagesEntry == null) {
            reader.problems().error(fileRoot, "missing 'stages': list at least one stage with a 'name' and a 'script'");
            return List.of();
        }
        Node node = stagesEntry.getValueNode();
        List<Node> items = reader.items(node, "'stages'", "stages");
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            reader.problems().error(NodeReader.isNull(node) ? stagesEntry.getKeyNode() : node,
                    "'stages' is empty: list at least one stage with a 'name' and a 'script'");
        }
        List<StageSpec> out = new ArrayList<>();
        for (Node item : items) {
            StageSpec s = stage(item);
            if (s != null) {
                out.add(s);
                stageNodes.add(item);
            }
        }
        return out;
    }

    private StageSpec stage(Node node) {
        if (!(node instanceof MappingNode)) {
            reader.problems().error(node, "each stage must be a map with 'name' and 'script', found "
                    + NodeReader.describe(node));
            return null;
        }
        int errorsBefore = errorCount();
        Map<String, NodeTuple> e = reader.entries(node, "stage", PipelineKeys.STAGE, " in a stage");
        String name = name(e.get("name"), node);
        String what = name == null ? "stage" : "stage '" + name + "'";
        List<String> script = script(e.get("script"), node, what);
        Map<String, String> env = e.containsKey("env")
                ? new EnvReader(reader).read(e.get("env").getValueNode(), "'env' of " + what) : Map.of();
        String workdir = e.containsKey("workdir") ? values.stageWorkdir(e.get("workdir").getValueNode()) : null;
        Duration timeout = e.containsKey("timeout") ? values.duration(e.get("timeout").getValueNode(), "'timeout'") : null;
        boolean always = false;
        if (e.containsKey("always")) {
            Boolean b = reader.bool(e.get("always").getValueNode(), "'always'");
            always = b != null && b;
        }
        BranchFilter branches = e.containsKey("trigger") ? legacyTrigger(e.get("trigger").getValueNode()) : null;
        List<Trigger> triggers = e.containsKey("triggers") ? triggers(e.get("triggers").getValueNode()) : List.of();
        List<String> junit = e.containsKey("reports")
                ? new ReportsReader(reader).read(e.get("reports").getValueNode()) : List.of();
        if (errorCount() > errorsBefore || name == null || script == null) {
            return null;
        }
        return new StageSpec(name, script, env, workdir, timeout, always, branches, triggers,
                Problems.lineOf(node.getStartMark()), junit);
    }

    /** The node of each stage {@link #read} returned, in the same order (for problems about a whole stage). */
    List<Node> stageNodes() {
        return stageNodes;
    }

    private int errorCount() {
        return reader.problems().errorCount();
    }

    private String name(NodeTuple t, Node stage) {
        if (t == null) {
            reader.problems().error(stage, "stage has no 'name'");
            return null;
        }
        Node n = t.getValueNode();
        String name = reader.nonBlank(n, "'name'");
        if (name == null) {
            return null;
        }
        if (name.contains("\n") || name.length() > MAX_NAME_LENGTH) {
            reader.problems().error(n, "'name': a stage name must be one line of at most " + MAX_NAME_LENGTH + " characters");
            return null;
        }
        Node first = names.putIfAbsent(name, n);
        if (first != null) {
            reader.problems().error(n, "duplicate stage name '" + name + "' "
                    + Problems.firstAt(first.getStartMark(), n.getStartMark()));
        }
        return name;
    }

    /** A list of shell lines; a single string is accepted as a one-entry script (it may hold several lines). */
    private List<String> script(NodeTuple t, Node stage, String what) {
        if (t == null) {
            reader.problems().error(stage, what + " has no 'script': list the shell lines it runs");
            return null;
        }
        Node n = t.getValueNode();
        if (n instanceof ScalarNode s && !NodeReader.isNull(n)) {
            if (s.getValue().isBlank()) {
                reader.problems().error(n, "'script' of " + what + " is empty");
                return null;
            }
            return List.of(s.getValue());
        }
        List<ScalarNode> lines = reader.texts(n, "'script'");
        if (lines == null) {
            return null;
        }
        if (lines.isEmpty()) {
            reader.problems().error(NodeReader.isNull(n) ? t.getKeyNode() : n, "'script' of " + what
                    + " is empty: list at least one shell line");
            return null;
        }
        return lines.stream().map(ScalarNode::getValue).toList();
    }

    /** The original ocelot's {@code trigger: {branches: [...]}}: the stage runs only on those branches. */
    private BranchFilter legacyTrigger(Node node) {
        Map<String, NodeTuple> e = reader.entries(node, "'trigger'", PipelineKeys.STAGE_TRIGGER, " in 'trigger'");
        if (e == null) {
            return null;
        }
        if (!e.containsKey("branches")) {
            reader.problems().error(node, "'trigger' needs 'branches' (or use 'triggers' for directives)");
            return null;
        }
        return values.branches(e.get("branches").getValueNode(), "'trigger.branches'");
    }

    private static int branchPatterns(TriggerExpression e) {
        if (e instanceof TriggerExpression.Or or) {
            return or.anyOf().stream().mapToInt(StageReader::branchPatterns).sum();
        }
        if (e instanceof TriggerExpression.And and) {
            return and.allOf().stream().mapToInt(StageReader::branchPatterns).sum();
        }
        return ((TriggerExpression.Section) e).branchPatterns().size();
    }

    private List<Trigger> triggers(Node node) {
        List<ScalarNode> items = reader.texts(node, "'triggers'");
        if (items == null) {
            return List.of();
        }
        List<Trigger> out = new ArrayList<>();
        for (ScalarNode s : items) {
            if (++triggerCount > MAX_TRIGGERS) {
                if (triggerCount == MAX_TRIGGERS + 1) {
                    reader.problems().error(s, "'triggers': too many trigger directives: a file may have at most "
                            + MAX_TRIGGERS + ", because every one is evaluated on every push");
                }
                break;
            }
            try {
                TriggerExpression e = TriggerParser.parse(s.getValue(), offset -> reader.whereInside(s, offset));
                if (!values.countBranchPatterns(s, "'triggers'", branchPatterns(e))) {
                    break;
                }
                out.add(new Trigger(s.getValue().strip(), e, reader.whereInside(s, 0)));
            } catch (TriggerSyntaxException ex) {
                reader.errorInside(s, ex.offset(), "trigger: " + ex.getMessage());
            }
        }
        return out;
    }
}

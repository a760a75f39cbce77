package io.ocelot.core.lang;

import io.ocelot.core.plan.ImageBuild;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code stages}: each a map with a unique {@code name} and either a non-empty {@code script} or a
 * {@code buildImage}, plus optional env, workdir, timeout, always, the two trigger forms, reports, needs, image and
 * artifacts. A stage with errors is reported and left out; the file is then invalid anyway, and the other stages
 * are still checked. The {@code needs} of all stages are checked together at the end ({@link StageGraph}).
 */
final class StageReader {
    static final int MAX_NAME_LENGTH = 100;
    /** Trigger directives of the whole file; each is evaluated on every event. */
    static final int MAX_TRIGGERS = 100;
    /** Artifact globs per stage: the werker matches each against the whole workspace. */
    static final int MAX_ARTIFACT_GLOBS = 20;
    private static final String HOST_SHELL = "host-shell builds run no containers (this file has 'machineTag' and no 'image')";

    private final NodeReader reader;
    private final ValueReader values;
    private final boolean hostShell;
    private final StageGraph graph;
    private final Map<String, Node> names = new LinkedHashMap<>();
    private final List<Node> stageNodes = new ArrayList<>();
    private int triggerCount;

    /** {@code hostShell}: the file runs on a werker's shell, where stage images and image builds cannot be. */
    StageReader(NodeReader reader, ValueReader values, boolean hostShell) {
        this.reader = reader;
        this.values = values;
        this.hostShell = hostShell;
        this.graph = new StageGraph(reader);
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
        graph.check(names);
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
        ImageBuild build = e.containsKey("buildImage") ? buildImage(e, what) : null;
        List<String> script = e.containsKey("buildImage") && !e.containsKey("script") ? List.of()
                : script(e.get("script"), node, what);
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
        List<String> needs = e.containsKey("needs") ? needs(e.get("needs"), name, what) : null;
        String image = e.containsKey("image") ? image(e, what) : null;
        List<String> artifacts = e.containsKey("artifacts") ? new GlobListReader(reader).read(
                e.get("artifacts").getValueNode(), e.get("artifacts").getKeyNode(), "'artifacts' of " + what,
                MAX_ARTIFACT_GLOBS, "dist/*.tar.gz") : List.of();
        if (errorCount() > errorsBefore || name == null || script == null) {
            return null;
        }
        return new StageSpec(name, script, env, workdir, timeout, always, branches, triggers,
                Problems.lineOf(node.getStartMark()), junit, needs, image, artifacts, build);
    }

    /** A stage kind of its own: it builds an image, so it has no script, and needs a Docker host. */
    private ImageBuild buildImage(Map<String, NodeTuple> e, String what) {
        NodeTuple t = e.get("buildImage");
        if (e.containsKey("script")) {
            reader.problems().error(t.getKeyNode(), what + " has both 'script' and 'buildImage': a stage either runs "
                    + "a script or builds an image; make two stages");
            return null;
        }
        if (hostShell) {
            reader.problems().error(t.getKeyNode(), "'buildImage' of " + what + ": " + HOST_SHELL);
            return null;
        }
        return new BuildImageReader(reader, values).read(t, what);
    }

    private String image(Map<String, NodeTuple> e, String what) {
        NodeTuple t = e.get("image");
        if (hostShell) {
            reader.problems().error(t.getKeyNode(), "'image' of " + what + ": " + HOST_SHELL);
            return null;
        }
        if (e.containsKey("buildImage")) {
            reader.problems().error(t.getKeyNode(), "'image' of " + what + ": a 'buildImage' stage runs no "
                    + "container of its own; remove 'image'");
            return null;
        }
        return values.image(t.getValueNode(), "'image' of " + what);
    }

    /**
     * The names this stage waits for; checked against the other stages once all are read. An empty list is an
     * error: a stage that starts at once simply leaves {@code needs} out.
     */
    private List<String> needs(NodeTuple t, String name, String what) {
        Node n = t.getValueNode();
        List<ScalarNode> items = reader.texts(n, "'needs' of " + what);
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            reader.problems().error(NodeReader.isNull(n) ? t.getKeyNode() : n, "'needs' of " + what + " is empty: "
                    + "list the stages it waits for, or leave 'needs' out to start it at once");
            return null;
        }
        if (name != null) {
            graph.add(name, items);
        }
        return items.stream().map(ScalarNode::getValue).toList();
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

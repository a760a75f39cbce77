package io.ocelot.core.lang;

import io.ocelot.core.plan.ResourceLimits;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates an ocelot.yml: the one entry point used by the plugin, the werker and the command line.
 * Every problem is collected (not just the first) and returned in file order as {@code FILE:LINE:COLUMN: message};
 * nothing a file contains makes this method throw or run long.
 */
public final class PipelineParser {
    private final NodeReader reader;
    private final ValueReader values;

    private PipelineParser(Problems problems) {
        this.reader = new NodeReader(problems);
        this.values = new ValueReader(reader);
    }

    /** Reads {@code content} (raw bytes; any encoding problem is reported) named {@code fileName} in problems. */
    public static ParseResult parse(String fileName, byte[] content) {
        Problems problems = new Problems(fileName);
        PipelineFile file = null;
        try {
            Node root = YamlLoader.load(content, problems);
            if (root != null) {
                file = new PipelineParser(problems).file(root);
            } else if (!problems.hasErrors()) {
                problems.error(1, 1, "file is empty: an ocelot.yml needs at least 'image' (or 'machineTag') and 'stages'");
            }
        } catch (RuntimeException | StackOverflowError e) {
            // A safety net, not a code path: the hostile-input tests assert it is never reached.
            problems.error(1, 1, "internal error while reading this file (please report it): " + e);
        }
        return new ParseResult(problems.hasErrors() ? null : file, problems.sorted());
    }

    private PipelineFile file(Node root) {
        if (!(root instanceof MappingNode)) {
            reader.problems().error(root, "expected a map of settings (image, stages, ...) at the top level, found "
                    + NodeReader.describe(root));
            return null;
        }
        Map<String, NodeTuple> e = reader.entries(root, "the file", PipelineKeys.TOP, "");
        String image = optionalText(e, "image");
        String machineTag = machineTag(e.get("machineTag"));
        checkExecutor(e, root);
        String buildTool = optionalText(e, "buildTool");
        List<String> packages = List.of();
        if (e.containsKey("packages")) {
            NodeTuple t = e.get("packages");
            List<ScalarNode> items = reader.texts(t.getValueNode(), "'packages'");
            if (items != null) {
                packages = items.stream().map(ScalarNode::getValue).toList();
                reader.problems().warning(t.getKeyNode(), "'packages' is not used by Ocelot: install what the build "
                        + "needs in the image or in a stage script");
            }
        }
        BranchFilter branches = e.containsKey("branches")
                ? values.branches(e.get("branches").getValueNode(), "'branches'") : BranchFilter.ALL_BRANCHES;
        BranchFilter tags = e.containsKey("tags")
                ? values.branches(e.get("tags").getValueNode(), "'tags'") : BranchFilter.ALL_BRANCHES;
        List<String> paths = e.containsKey("paths") ? paths(e.get("paths")) : List.of();
        Map<String, String> env = e.containsKey("env")
                ? new EnvReader(reader).read(e.get("env").getValueNode(), "'env'") : Map.of();
        Duration timeout = e.containsKey("timeout")
                ? values.duration(e.get("timeout").getValueNode(), "'timeout'") : PipelineFile.DEFAULT_TIMEOUT;
        String workdir = e.containsKey("workdir") ? values.buildWorkdir(e.get("workdir").getValueNode()) : null;
        Notify notify = e.containsKey("notify") ? new NotifyReader(reader).read(e.get("notify").getValueNode()) : Notify.NONE;
        ResourceLimits limits = e.containsKey("limits") ? new LimitsReader(reader).read(e.get("limits").getValueNode()) : null;
        StageReader stageReader = new StageReader(reader, values);
        List<StageSpec> stages = stageReader.read(e.get("stages"), root);
        if (!reader.problems().hasErrors()) {
            checkPlanSize(env, stages, stageReader.stageNodes());
        }
        if (reader.problems().hasErrors()) {
            return null;
        }
        return new PipelineFile(image, machineTag, buildTool, packages, branches, env, timeout, workdir, notify, stages,
                limits, tags, paths);
    }

    /**
     * {@code paths}: prefixes of repository paths, as the changeset names them (relative, forward slashes); a leading
     * slash would never match, so it is refused rather than silently building nothing.
     */
    private List<String> paths(NodeTuple t) {
        List<ScalarNode> items = reader.texts(t.getValueNode(), "'paths'");
        if (items == null) {
            return List.of();
        }
        for (ScalarNode s : items) {
            if (s.getValue().isBlank()) {
                reader.problems().error(s, "'paths': an empty prefix matches every path; remove 'paths' to build on any change");
            } else if (s.getValue().startsWith("/")) {
                reader.problems().error(s, "'paths': '" + Abbreviate.text(s.getValue()) + "' starts with '/'; changed "
                        + "paths are relative to the repository root (write '" + Abbreviate.text(s.getValue().replaceFirst("^/+", "")) + "')");
            }
        }
        return items.stream().map(ScalarNode::getValue).toList();
    }

    private String optionalText(Map<String, NodeTuple> e, String key) {
        NodeTuple t = e.get(key);
        return t == null ? null : reader.nonBlank(t.getValueNode(), "'" + key + "'");
    }

    /** A werker label: one line, no longer than {@link PipelineFile#MAX_MACHINE_TAG_LENGTH}. */
    private String machineTag(NodeTuple t) {
        if (t == null) {
            return null;
        }
        String tag = reader.nonBlank(t.getValueNode(), "'machineTag'");
        if (tag != null && (tag.length() > PipelineFile.MAX_MACHINE_TAG_LENGTH || tag.contains("\n"))) {
            reader.problems().error(t.getValueNode(), "'machineTag': a werker label is one line of at most "
                    + PipelineFile.MAX_MACHINE_TAG_LENGTH + " characters; this one has " + tag.length());
            return null;
        }
        return tag;
    }

    /**
     * The plan copies the file's env into every stage, so a file far below the size limit can still ask for a plan
     * of gigabytes (a large env and a thousand stages). Refused at the first stage that passes the limit.
     */
    private void checkPlanSize(Map<String, String> fileEnv, List<StageSpec> stages, List<Node> stageNodes) {
        long total = 0;
        for (int i = 0; i < stages.size(); i++) {
            StageSpec s = stages.get(i);
            long chars = s.name().length() + (s.workdir() == null ? 0 : s.workdir().length());
            for (String line : s.script()) {
                chars += line.length();
            }
            for (Map.Entry<String, String> v : fileEnv.entrySet()) {
                if (!s.env().containsKey(v.getKey())) {
                    chars += v.getKey().length() + v.getValue().length();
                }
            }
            for (Map.Entry<String, String> v : s.env().entrySet()) {
                chars += v.getKey().length() + v.getValue().length();
            }
            total += chars;
            if (total > PipelineFile.MAX_PLAN_CHARS) {
                reader.problems().error(stageNodes.get(i), "the build plan would be larger than "
                        + PipelineFile.MAX_PLAN_CHARS + " characters from this stage on (stage " + (i + 1) + " of "
                        + stages.size() + "; this one adds " + chars + "): every stage carries its script and the "
                        + "complete env, the file's included; use fewer stages or a smaller env");
                return;
            }
        }
    }

    /** Exactly one of image (a Docker image) and machineTag (a werker label) says where stages run. */
    private void checkExecutor(Map<String, NodeTuple> e, Node root) {
        NodeTuple image = e.get("image");
        NodeTuple tag = e.get("machineTag");
        if (image == null && tag == null) {
            reader.problems().error(root, "missing 'image': say which Docker image the stages run in "
                    + "(or 'machineTag' to run on a werker with that label)");
        } else if (image != null && tag != null) {
            NodeTuple second = Problems.lineOf(tag.getKeyNode().getStartMark())
                    >= Problems.lineOf(image.getKeyNode().getStartMark()) ? tag : image;
            reader.problems().error(second.getKeyNode(), "set either 'image' or 'machineTag', not both");
        }
    }
}

package io.ocelot.core.lang;

import io.ocelot.core.plan.ImageBuild;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a stage's {@code buildImage: {context, dockerfile, tags, push}}: the werker builds the image itself, so
 * the context and Dockerfile must stay inside the workspace and every tag must be an image reference Docker takes.
 */
final class BuildImageReader {
    static final int MAX_TAGS = 20;

    private final NodeReader reader;
    private final ValueReader values;

    BuildImageReader(NodeReader reader, ValueReader values) {
        this.reader = reader;
        this.values = values;
    }

    /** The build; null after reporting a problem. */
    ImageBuild read(NodeTuple entry, String stage) {
        Node node = entry.getValueNode();
        String what = "'buildImage' of " + stage;
        Map<String, NodeTuple> e = reader.entries(node, what, PipelineKeys.BUILD_IMAGE, " in 'buildImage'");
        if (e == null) {
            return null;
        }
        int before = reader.problems().errorCount();
        String context = e.containsKey("context")
                ? values.workspacePath(e.get("context").getValueNode(), "'buildImage.context'") : null;
        String dockerfile = e.containsKey("dockerfile")
                ? values.workspacePath(e.get("dockerfile").getValueNode(), "'buildImage.dockerfile'") : null;
        List<String> tags = e.containsKey("tags") ? tags(e.get("tags")) : null;
        if (!e.containsKey("tags")) {
            reader.problems().error(node, what + " has no 'tags': name the image it makes, e.g. "
                    + "'registry.example.com/team/app:latest'");
        }
        boolean push = false;
        if (e.containsKey("push")) {
            Boolean b = reader.bool(e.get("push").getValueNode(), "'buildImage.push'");
            push = b != null && b;
        }
        if (reader.problems().errorCount() > before || tags == null) {
            return null;
        }
        return new ImageBuild(context, dockerfile, tags, push);
    }

    private List<String> tags(NodeTuple t) {
        Node n = t.getValueNode();
        List<ScalarNode> items = n instanceof ScalarNode s && !NodeReader.isNull(n)
                ? List.of(s) : reader.texts(n, "'buildImage.tags'");
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            reader.problems().error(NodeReader.isNull(n) ? t.getKeyNode() : n,
                    "'buildImage.tags' is empty: name at least one image, e.g. 'registry.example.com/team/app:latest'");
            return null;
        }
        if (items.size() > MAX_TAGS) {
            reader.problems().error(items.get(MAX_TAGS), "'buildImage.tags': at most " + MAX_TAGS + " tags");
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (ScalarNode s : items) {
            String tag = values.image(s, "'buildImage.tags'");
            ok &= tag != null;
            out.add(tag);
        }
        return ok ? out : null;
    }
}

package io.ocelot.core.lang;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/** The value kinds used at both levels of the file: durations, branch lists and working directories. */
final class ValueReader {
    private final NodeReader reader;

    ValueReader(NodeReader reader) {
        this.reader = reader;
    }

    Duration duration(Node node, String what) {
        String text = reader.text(node, what);
        if (text == null) {
            return null;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            reader.problems().error(node, what + ": " + e.getMessage());
            return null;
        }
    }

    /** Regular expressions on the whole branch name; each bad one is reported where its mistake is. */
    BranchFilter branches(Node node, String what) {
        List<ScalarNode> items = reader.texts(node, what);
        if (items == null) {
            return null;
        }
        List<BranchPattern> patterns = new ArrayList<>();
        for (ScalarNode s : items) {
            try {
                patterns.add(BranchPattern.compile(s.getValue()));
            } catch (PatternSyntaxException e) {
                reader.errorInside(s, Math.max(0, Math.min(e.getIndex(), s.getValue().length())),
                        what + ": invalid regular expression '" + s.getValue() + "': " + e.getDescription());
            }
        }
        return new BranchFilter(patterns);
    }

    /** The build's working directory inside the container: absolute, since relative to what? */
    String buildWorkdir(Node node) {
        String dir = reader.nonBlank(node, "'workdir'");
        if (dir != null && !dir.startsWith("/")) {
            reader.problems().error(node, "'workdir': expected an absolute path such as /workspace, found '" + dir + "'");
            return null;
        }
        return dir == null ? null : WorkdirPaths.normalize(dir);
    }

    /** A stage's working directory: absolute, or relative to the build's workdir (resolved by the planner). */
    String stageWorkdir(Node node) {
        return reader.nonBlank(node, "'workdir'");
    }
}

package io.ocelot.core.lang;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * The value kinds used at both levels of the file: durations, branch lists and working directories. It also
 * counts the file's branch patterns, wherever they are written: every one is matched on every event, so their
 * number is capped per file (the event's {@link MatchBudget} bounds the time; the cap keeps honest files far
 * from that budget and tells the author early).
 */
final class ValueReader {
    static final int MAX_BRANCH_PATTERNS = 100;
    /** Paths of one list (cache paths, cache keys, a pipeline's path prefixes). */
    static final int MAX_PATHS = 50;
    private static final String PATTERN_KEYS = "'branches', 'tags', 'trigger.branches' and the \\branch values of 'triggers'";

    private final NodeReader reader;
    private int branchPatterns;

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
            if (!countBranchPatterns(s, what, 1)) {
                break;
            }
            try {
                patterns.add(BranchPattern.compile(s.getValue(), reader.whereInside(s, 0)));
            } catch (PatternSyntaxException e) {
                reader.errorInside(s, Math.max(0, Math.min(e.getIndex(), s.getValue().length())),
                        what + ": invalid regular expression '" + s.getValue() + "': " + e.getDescription());
            }
        }
        return new BranchFilter(patterns);
    }

    /**
     * Counts {@code n} more branch patterns written at {@code at}; false (and, the first time, an error there
     * naming the key and the limit) once the file has more than {@link #MAX_BRANCH_PATTERNS}.
     */
    boolean countBranchPatterns(Node at, String what, int n) {
        boolean wasOver = branchPatterns > MAX_BRANCH_PATTERNS;
        branchPatterns += n;
        if (branchPatterns <= MAX_BRANCH_PATTERNS) {
            return true;
        }
        if (!wasOver) {
            reader.problems().error(at, what + ": too many branch patterns: a file may have at most "
                    + MAX_BRANCH_PATTERNS + " (counting " + PATTERN_KEYS + "), because every one is matched on "
                    + "every push");
        }
        return false;
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

    /** An image for a stage, a service or a built image's tag: checked against Docker's reference grammar. */
    String image(Node node, String what) {
        String ref = reader.nonBlank(node, what);
        if (ref == null) {
            return null;
        }
        String wrong = ImageReference.problem(ref);
        if (wrong != null) {
            reader.problems().error(node, what + ": invalid image reference '" + Abbreviate.text(ref) + "': " + wrong);
            return null;
        }
        return ref;
    }

    /** A path relative to the workspace ({@link WorkspacePath}); null after reporting a problem. */
    String workspacePath(Node node, String what) {
        String path = reader.nonBlank(node, what);
        if (path == null) {
            return null;
        }
        WorkspacePath.Fault f = WorkspacePath.problem(path);
        if (f != null) {
            reader.errorInside((ScalarNode) node, Math.min(f.offset(), path.length()),
                    what + ": '" + Abbreviate.text(path) + "': " + f.message());
            return null;
        }
        return path;
    }

    /**
     * A non-empty list of workspace paths (an empty one is an error at {@code key}); null after any problem.
     * {@code example} completes the message for an empty list.
     */
    List<String> workspacePaths(Node value, Node key, String what, String example) {
        List<ScalarNode> items = reader.texts(value, what);
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            reader.problems().error(NodeReader.isNull(value) ? key : value, what + " is empty: list at least one path, e.g. '"
                    + example + "'");
            return null;
        }
        if (items.size() > MAX_PATHS) {
            reader.problems().error(items.get(MAX_PATHS), what + ": at most " + MAX_PATHS + " paths");
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (ScalarNode s : items) {
            String p = workspacePath(s, what);
            ok &= p != null;
            out.add(p);
        }
        return ok ? out : null;
    }
}

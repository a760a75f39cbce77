package io.ocelot.core.lang;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A list of workspace globs ({@link ReportGlob}), as {@code reports.junit} and {@code artifacts} are written: a
 * single string is a one-glob list, an empty list is an error at its key, and each bad glob is reported at the
 * character where it goes wrong.
 */
final class GlobListReader {
    private final NodeReader reader;

    GlobListReader(NodeReader reader) {
        this.reader = reader;
    }

    /** The globs; empty after reporting any problem. {@code what} names the key in messages ("'reports.junit'"). */
    List<String> read(Node value, Node key, String what, int max, String example) {
        List<ScalarNode> items = value instanceof ScalarNode s && !NodeReader.isNull(value)
                ? List.of(s) : reader.texts(value, what);
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            reader.problems().error(key, what + " is empty: list at least one glob, e.g. '" + example + "'");
            return List.of();
        }
        if (items.size() > max) {
            reader.problems().error(items.get(max), what + ": at most " + max + " globs per stage");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (ScalarNode s : items) {
            String glob = s.getValue();
            try {
                ReportGlob.compile(glob);
                out.add(glob);
            } catch (ReportGlob.BadGlob bad) {
                reader.errorInside(s, Math.min(bad.offset(), s.getValue().length()),
                        what + ": bad glob '" + Abbreviate.text(glob) + "': " + bad.getMessage());
            }
        }
        return out;
    }
}

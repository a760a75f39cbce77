package io.ocelot.core.lang;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a stage's {@code reports: {junit: [globs]}}: the test report files the werker reads after the stage. A
 * single string is taken as a one-glob list. Each bad glob is reported at the character it goes wrong.
 */
final class ReportsReader {
    /** Globs per stage: the werker matches each against the whole workspace. */
    static final int MAX_GLOBS = 20;

    private final NodeReader reader;

    ReportsReader(NodeReader reader) {
        this.reader = reader;
    }

    List<String> read(Node node) {
        Map<String, NodeTuple> e = reader.entries(node, "'reports'", PipelineKeys.STAGE_REPORTS, " in 'reports'");
        if (e == null || !e.containsKey("junit")) {
            if (e != null) {
                reader.problems().error(node, "'reports' needs 'junit': the globs of the JUnit XML files the stage writes");
            }
            return List.of();
        }
        Node junit = e.get("junit").getValueNode();
        List<ScalarNode> items = junit instanceof ScalarNode s && !NodeReader.isNull(junit)
                ? List.of(s) : reader.texts(junit, "'reports.junit'");
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            reader.problems().error(e.get("junit").getKeyNode(), "'reports.junit' is empty: list at least one glob, "
                    + "e.g. 'target/surefire-reports/*.xml'");
            return List.of();
        }
        if (items.size() > MAX_GLOBS) {
            reader.problems().error(items.get(MAX_GLOBS), "'reports.junit': at most " + MAX_GLOBS + " globs per stage");
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
                        "'reports.junit': bad glob '" + Abbreviate.text(glob) + "': " + bad.getMessage());
            }
        }
        return out;
    }
}

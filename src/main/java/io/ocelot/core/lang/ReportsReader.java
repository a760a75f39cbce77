package io.ocelot.core.lang;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

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
        return new GlobListReader(reader).read(e.get("junit").getValueNode(), e.get("junit").getKeyNode(),
                "'reports.junit'", MAX_GLOBS, "target/surefire-reports/*.xml");
    }
}

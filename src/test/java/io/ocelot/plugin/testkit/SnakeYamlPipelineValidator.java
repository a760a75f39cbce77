package io.ocelot.plugin.testkit;

import io.ocelot.core.lang.ParseResult;
import io.ocelot.core.lang.PipelineFile;
import io.ocelot.core.lang.Problem;
import io.ocelot.plugin.ui.PipelineValidator;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A small but real validator for tests of the REST plumbing while the core parser is being written elsewhere: YAML
 * syntax errors with their line and column, and a top-level mapping with a {@code stages} key.
 */
public final class SnakeYamlPipelineValidator implements PipelineValidator {
    @Override
    public ParseResult validate(String fileName, byte[] content) {
        try {
            Object doc = new Yaml().load(new String(content, StandardCharsets.UTF_8));
            if (!(doc instanceof Map<?, ?> map)) {
                return new ParseResult(null, List.of(new Problem(fileName, 1, 1, Problem.Severity.ERROR, "expected a mapping")));
            }
            if (!map.containsKey("stages")) {
                return new ParseResult(null, List.of(new Problem(fileName, 1, 1, Problem.Severity.ERROR, "missing key 'stages'")));
            }
            return new ParseResult(new PipelineFile(), List.of());
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            return new ParseResult(null, List.of(new Problem(fileName, m.getLine() + 1, m.getColumn() + 1,
                    Problem.Severity.ERROR, e.getProblem())));
        }
    }
}

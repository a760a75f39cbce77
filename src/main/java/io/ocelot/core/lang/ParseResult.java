package io.ocelot.core.lang;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of reading one ocelot.yml: the pipeline when there is no error, and every problem found (errors
 * and warnings, in file order). A file with any ERROR has {@code pipeline == null}.
 */
public record ParseResult(PipelineFile pipeline, List<Problem> problems) {
    public ParseResult {
        problems = List.copyOf(problems);
    }

    public boolean isValid() {
        return pipeline != null;
    }

    public List<Problem> errors() {
        return problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
    }

    /** One line per problem, errors and warnings in file order: what a command line or a build page shows. */
    public String report() {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> p.severity() == Problem.Severity.WARNING).toList();
    }
}

package io.ocelot.core.api;

import io.ocelot.core.lang.Problem;

import java.util.List;

/** The answer to "is this ocelot.yml right?": valid when there is no ERROR; problems in file order. */
public record ValidationReply(boolean valid, List<Problem> problems) {
    public ValidationReply {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}

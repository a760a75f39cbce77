package io.ocelot.plugin.repo;

import io.ocelot.core.plan.ChangedPaths;

import java.util.List;

/** The commit messages and changed paths an event brought, as the planner's triggers need them. */
public record Changeset(List<String> messages, List<String> paths) {
    public Changeset {
        messages = List.copyOf(messages);
        paths = ChangedPaths.copyOf(paths); // may be read later, when a pipeline asks for them
    }
}

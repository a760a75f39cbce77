package io.ocelot.core.lang;

import io.ocelot.core.plan.ChangedPaths;

import java.util.List;

/** What trigger directives are evaluated against: the branch, the pushed commits' messages, the changed paths. */
public record TriggerFacts(String branch, List<String> commitMessages, List<String> changedPaths) {
    public TriggerFacts {
        commitMessages = List.copyOf(commitMessages);
        changedPaths = ChangedPaths.copyOf(changedPaths); // read when a filepath trigger asks for them
    }
}

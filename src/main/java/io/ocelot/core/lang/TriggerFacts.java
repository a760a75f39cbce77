package io.ocelot.core.lang;

import java.util.List;

/** What trigger directives are evaluated against: the branch, the pushed commits' messages, the changed paths. */
public record TriggerFacts(String branch, List<String> commitMessages, List<String> changedPaths) {
    public TriggerFacts {
        commitMessages = List.copyOf(commitMessages);
        changedPaths = List.copyOf(changedPaths);
    }
}

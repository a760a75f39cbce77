package io.ocelot.core.plan;

/** What caused a build. Part of a build's identity: a push and a PR build of one commit are two builds. */
public enum TriggerKind {
    PUSH, PULL_REQUEST, MANUAL, CLI;

    /** Manual and CLI triggers are a person asking on purpose: they bypass branch filters only with force. */
    public boolean isOnDemand() {
        return this == MANUAL || this == CLI;
    }
}

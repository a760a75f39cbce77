package io.ocelot.plugin.status;

/** Port: puts a build status on a commit in Bitbucket. */
public interface StatusPublisher {
    void publish(BuildStatus status);
}

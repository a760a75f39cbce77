package io.ocelot.core.api;

/**
 * Build a commit ({@code commit}, a full hash or a unique prefix) or the head of {@code branch}; exactly one of them,
 * or neither for the default branch's head. {@code force} bypasses the file's branch filters, {@code paths} and
 * {@code [skip ci]}. {@code via} says what asked: {@value #VIA_CLI} for the {@code ocelot} command line, absent for
 * anything else (a person in the UI, a script on the REST API); the build records it as its trigger (CLI or MANUAL).
 * {@code pipeline}: build only this pipeline ({@code default} is {@code ocelot.yml}, {@code NAME} is
 * {@code .ocelot/NAME.yml}); absent: every pipeline at the commit that builds.
 */
public record ManualTriggerRequest(String commit, String branch, boolean force, String via, String pipeline) {
    public static final String VIA_CLI = "cli";

    public ManualTriggerRequest(String commit, String branch, boolean force, String via) {
        this(commit, branch, force, via, null);
    }

    public ManualTriggerRequest(String commit, String branch, boolean force) {
        this(commit, branch, force, null);
    }

    public boolean viaCli() {
        return VIA_CLI.equalsIgnoreCase(via);
    }
}

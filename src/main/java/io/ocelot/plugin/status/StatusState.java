package io.ocelot.plugin.status;

/** The states Ocelot publishes on a commit (Bitbucket's BuildState subset). */
public enum StatusState {
    INPROGRESS, SUCCESSFUL, FAILED, CANCELLED
}

package io.ocelot.plugin.build;

/**
 * Told when a leased build has ended (the werker's finish, or the reaper giving up on a lost werker). Called on the
 * werker's request thread or the reaper's: an implementation hands any slow work to its own executor and never
 * throws.
 */
public interface BuildFinishedListener {
    void buildFinished(Build build);

    BuildFinishedListener NONE = build -> {
    };
}

package io.ocelot.werker.engine;

import io.ocelot.core.build.StageResult;
import io.ocelot.core.protocol.Messages.LogStream;

/**
 * What a running build tells the outside world, in order. The agent turns these into protocol calls (spooling them
 * while the plugin is away); {@code ocelot exec} prints them. Log bytes arrive already masked (secrets as ****).
 * Calls come from the engine's threads, one at a time (the engine serialises them, so they form one total order);
 * implementations must not block for long. A stage that never runs (skipped by the plan, skipped after a failure,
 * cancelled before it started) gets only {@link #stageFinished}, never {@link #stageStarted}.
 * <p>
 * {@link #buildFinished} comes last, with the build's outcome, before the engine's clean-up (containers, network,
 * workspace), which cannot change the outcome: the result goes out while the werker tidies up. What the clean-up
 * has to say comes after it, through {@link #afterFinish}, never into the build's log.
 */
public interface BuildListener {
    /**
     * The stage index of the engine's build-level log lines (clone, image pull, container set-up, clean-up):
     * they belong to no stage. Always {@link io.ocelot.core.protocol.Messages.LogStream#SYSTEM}.
     */
    int SETUP = -1;

    void stageStarted(int index, String name);

    void log(int index, LogStream stream, byte[] data);

    void stageFinished(StageResult result);

    /** The build's outcome, once, after every stage has been reported finished and before the clean-up. */
    default void buildFinished(BuildOutcome outcome) {
    }

    /**
     * A line of the clean-up that runs after {@link #buildFinished} ("could not remove container ..."), masked: the
     * build's log is complete by then, so it goes to whoever runs the engine (the werker's own log).
     */
    default void afterFinish(String line) {
    }
}

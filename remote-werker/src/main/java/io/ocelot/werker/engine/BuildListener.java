package io.ocelot.werker.engine;

import io.ocelot.core.build.StageResult;
import io.ocelot.core.protocol.Messages.LogStream;

/**
 * What a running build tells the outside world, in order. The agent turns these into protocol calls (spooling them
 * while the plugin is away); {@code ocelot exec} prints them. Log bytes arrive already masked (secrets as ****).
 * Calls come from the engine's threads; implementations must not block for long.
 */
public interface BuildListener {
    void stageStarted(int index, String name);

    void log(int index, LogStream stream, byte[] data);

    void stageFinished(StageResult result);
}

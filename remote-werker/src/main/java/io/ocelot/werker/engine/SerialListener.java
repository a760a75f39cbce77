package io.ocelot.werker.engine;

import io.ocelot.core.build.StageResult;
import io.ocelot.core.protocol.Messages.LogStream;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands events to the real listener one at a time, in one total order (stdout and stderr readers run on different
 * threads), and keeps a misbehaving listener from breaking the build's cleanup.
 */
final class SerialListener implements BuildListener {
    private static final Logger LOG = Logger.getLogger(SerialListener.class.getName());
    private final BuildListener delegate;

    SerialListener(BuildListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void stageStarted(int index, String name) {
        guard(() -> delegate.stageStarted(index, name));
    }

    @Override
    public synchronized void log(int index, LogStream stream, byte[] data) {
        if (data.length > 0) {
            guard(() -> delegate.log(index, stream, data));
        }
    }

    @Override
    public synchronized void stageFinished(StageResult result) {
        guard(() -> delegate.stageFinished(result));
    }

    @Override
    public synchronized void buildFinished(BuildOutcome outcome) {
        guard(() -> delegate.buildFinished(outcome));
    }

    @Override
    public synchronized void afterFinish(String line) {
        guard(() -> delegate.afterFinish(line));
    }

    private static void guard(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "build listener failed; the build goes on", e);
        }
    }
}

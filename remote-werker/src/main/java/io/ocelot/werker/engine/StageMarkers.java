package io.ocelot.werker.engine;

import io.ocelot.core.build.StageMarker;
import io.ocelot.core.build.StageResult;
import io.ocelot.core.protocol.Messages.LogStream;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes the {@link StageMarker} lines into a build's log: a start line right after a stage starts and an end line
 * (result, time, exit code) just before it is reported finished, both as SYSTEM lines of that stage, each one a
 * single log event. Stages that never ran get no markers. It sees every byte that goes to the log, so a marker
 * always begins a line.
 */
final class StageMarkers implements BuildListener {
    private final BuildListener delegate;
    private final int stageCount;
    private final Set<Integer> started = new HashSet<>();
    private boolean atLineStart = true;

    StageMarkers(BuildListener delegate, int stageCount) {
        this.delegate = delegate;
        this.stageCount = stageCount;
    }

    @Override
    public void stageStarted(int index, String name) {
        delegate.stageStarted(index, name);
        started.add(index);
        mark(index, StageMarker.start(index, stageCount, name));
    }

    @Override
    public void log(int index, LogStream stream, byte[] data) {
        if (data.length > 0) {
            atLineStart = data[data.length - 1] == '\n';
        }
        delegate.log(index, stream, data);
    }

    @Override
    public void stageFinished(StageResult result) {
        if (started.remove(result.index())) {
            mark(result.index(), StageMarker.end(result, stageCount));
        }
        delegate.stageFinished(result);
    }

    @Override
    public void buildFinished(BuildOutcome outcome) {
        delegate.buildFinished(outcome);
    }

    @Override
    public void afterFinish(String line) {
        delegate.afterFinish(line);
    }

    private void mark(int index, String line) {
        log(index, LogStream.SYSTEM, ((atLineStart ? "" : "\n") + line).getBytes(StandardCharsets.UTF_8));
    }
}

package io.ocelot.werker.engine;

import io.ocelot.core.build.StageResult;
import io.ocelot.core.protocol.Messages.LogStream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Keeps every event of a build, and lets a test wait for some output to appear. */
class RecordingListener implements BuildListener {
    final List<String> events = new ArrayList<>();
    final List<StageResult> finished = new ArrayList<>();
    private final Map<String, ByteArrayOutputStream> logs = new HashMap<>();
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();

    @Override
    public synchronized void stageStarted(int index, String name) {
        events.add("started " + index + " " + name);
    }

    @Override
    public synchronized void log(int index, LogStream stream, byte[] data) {
        logs.computeIfAbsent(index + ":" + stream, k -> new ByteArrayOutputStream()).writeBytes(data);
        all.writeBytes(data);
        notifyAll();
    }

    @Override
    public synchronized void stageFinished(StageResult result) {
        events.add("finished " + result.index() + " " + result.name() + " " + result.status());
        finished.add(result);
    }

    synchronized String text(int index, LogStream stream) {
        ByteArrayOutputStream b = logs.get(index + ":" + stream);
        return b == null ? "" : b.toString(StandardCharsets.UTF_8);
    }

    String stdout(int index) {
        return text(index, LogStream.STDOUT);
    }

    String stderr(int index) {
        return text(index, LogStream.STDERR);
    }

    String system(int index) {
        return text(index, LogStream.SYSTEM);
    }

    synchronized String everything() {
        return all.toString(StandardCharsets.UTF_8);
    }

    /** Waits until {@code test} holds for stage {@code index}'s stdout. */
    synchronized void awaitStdout(int index, Predicate<String> test, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!test.test(stdout(index))) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("stage " + index + " did not print the expected output in " + millis
                        + " ms; stdout so far: " + stdout(index) + "\nlog: " + everything());
            }
            wait(left);
        }
    }
}

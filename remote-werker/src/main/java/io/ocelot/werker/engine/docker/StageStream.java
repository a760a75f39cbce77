package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.Executor;

import java.util.concurrent.CompletableFuture;

/**
 * A stage's {@code docker exec} stream: its frames into the stage's output as they come, then, once the stream has
 * ended, the exec's exit code ({@link #exit()}).
 */
final class StageStream extends ResultCallback.Adapter<Frame> {
    private final DockerCalls calls;
    private final int index;
    private final String execId;
    private final Executor.StageOutput output;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    /**
     * Where a stage's exit code is asked for once its stream ended. Not the common pool: on a 2-core werker that has
     * a single thread, so one stage's inspect (or anything else parked there) would hold up the next stage's exit.
     */
    private static final java.util.concurrent.ExecutorService EXITS = java.util.concurrent.Executors
            .newCachedThreadPool(r -> {
                Thread t = new Thread(r, "ocelot-stage-exit");
                t.setDaemon(true);
                return t;
            });

    StageStream(DockerCalls calls, int index, String execId, Executor.StageOutput output) {
        this.calls = calls;
        this.index = index;
        this.execId = execId;
        this.output = output;
    }

    /** The stage's exit code; exceptionally a {@link BuildError} when Docker lost the stream or the exec. */
    CompletableFuture<Integer> exit() {
        return exit;
    }

    @Override
    public void onNext(Frame frame) {
        switch (frame.getStreamType()) {
            case STDERR -> output.write(LogStream.STDERR, frame.getPayload());
            case STDOUT, RAW -> output.write(LogStream.STDOUT, frame.getPayload());
            default -> { }
        }
    }

    @Override
    public void onError(Throwable t) {
        exit.completeExceptionally(new BuildError("lost the stage's output stream from Docker: "
                + DockerCalls.rootMessage(t), t));
    }

    @Override
    public void onComplete() {
        // The stream ended: the stage's shell is gone. dockerd closes an exec's stream when its process
        // has exited and its pipes are drained, or 2 s after the exit when something else still holds
        // them (a `cmd &` the stage left running); what was written until then is already here. What
        // is left of the stage's group is ended by the next stage's exec (DockerExecutor.END_PREVIOUS) or
        // with the container.
        EXITS.execute(() -> {
            try {
                Long code = calls.call("inspect the exec of stage " + index,
                        () -> calls.client().inspectExecCmd(execId).exec().getExitCodeLong());
                if (code == null) {
                    // the exec never got an exit: its container was killed or removed under it
                    exit.complete(137);
                } else {
                    exit.complete(code.intValue());
                }
            } catch (BuildError | RuntimeException e) {
                exit.completeExceptionally(e instanceof BuildError ? e
                        : new BuildError("could not read the stage's exit code: " + e.getMessage(), e));
            }
        });
    }
}

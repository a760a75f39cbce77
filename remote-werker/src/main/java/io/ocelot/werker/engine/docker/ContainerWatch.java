package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.ocelot.werker.engine.BuildError;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Looks at the build container while a stage runs, for what the stage's own exec cannot notice: the container was
 * paused from outside (a paused stage's clock keeps running; it is unpaused at once and the log says so), and the
 * build wrote more than its disk limit (the writable layer, where the workspace lives, is measured with
 * {@code docker inspect --size}; crossing it kills the stage). One shared thread serves every build: each look is
 * two short Docker calls with the engine's deadline.
 */
final class ContainerWatch {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ocelot-container-watch");
        t.setDaemon(true);
        return t;
    });
    /** Measuring the writable layer walks it: not on every look. */
    private static final int SIZE_EVERY = 5;

    private final DockerCalls calls;
    private final String containerId;
    private final Long diskLimit;
    private final Consumer<String> say;
    private final Kill kill;
    private volatile boolean diskExceeded;
    private int looks;
    private ScheduledFuture<?> task;

    interface Kill {
        void run() throws BuildError;
    }

    /** What the build wrote outside the container's writable layer (its workspace volume), in bytes. */
    interface Meter {
        long bytes() throws BuildError;
    }

    private final Meter elsewhere;

    ContainerWatch(DockerCalls calls, String containerId, Long diskLimit, Consumer<String> say, Kill kill) {
        this(calls, containerId, diskLimit, say, kill, () -> 0);
    }

    ContainerWatch(DockerCalls calls, String containerId, Long diskLimit, Consumer<String> say, Kill kill,
                   Meter elsewhere) {
        this.elsewhere = elsewhere;
        this.calls = calls;
        this.containerId = containerId;
        this.diskLimit = diskLimit;
        this.say = say;
        this.kill = kill;
    }

    ContainerWatch start(Duration every) {
        task = TIMER.scheduleWithFixedDelay(this::look, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    boolean diskExceeded() {
        return diskExceeded;
    }

    private void look() {
        try {
            boolean measure = diskLimit != null && !diskExceeded && ++looks % SIZE_EVERY == 0;
            InspectContainerResponse c = calls.call("look at the build container",
                    () -> calls.client().inspectContainerCmd(containerId).withSize(measure).exec());
            if (Boolean.TRUE.equals(c.getState().getPaused())) {
                calls.call("unpause the build container",
                        () -> calls.client().unpauseContainerCmd(containerId).exec());
                say.accept("the build container was paused outside Ocelot; unpaused it (the stage's time kept running)");
            }
            long written = measure ? (c.getSizeRw() == null ? 0 : c.getSizeRw()) + elsewhere.bytes() : 0;
            if (measure && written > diskLimit) {
                diskExceeded = true;
                say.accept("the build wrote " + ContainerLimits.bytes(written) + ", more than its disk limit of "
                        + ContainerLimits.bytes(diskLimit) + ": killing the stage");
                kill.run();
            }
        } catch (BuildError | RuntimeException e) {
            // gone or busy: the stage's own exit and the diagnosis after it report what happened
        }
    }
}

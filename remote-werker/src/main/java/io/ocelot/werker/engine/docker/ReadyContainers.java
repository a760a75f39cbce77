package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import io.ocelot.core.plan.ResourceLimits;
import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.EngineConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One build container a werker makes ready, created and started, after a build, for the next build that has the same
 * image, workspace path and limits (issue 16): starting a container is the dearest step of a build's set-up, and on an
 * idle werker the next build then begins with the workspace copy. The container is exactly the one a build would
 * create (same image, init, limits, workspace volume, no host directory, no socket) but made before any build owns
 * it: it holds no build's environment (that goes in each stage's exec), no secret and no file of a build; a build
 * adopts it once, and it is removed with that build like any build container. A build with services (its own
 * network) or another image or limits gets a new container as before.
 *
 * <p>It carries {@link #LABEL_READY} and the werker's label but no build's (labels cannot be changed once a container
 * exists): the janitor keeps the ids {@link #inUse()} returns and removes any other such container or volume, so one
 * left by a werker that died goes at its next start. While waiting for a build its own process polls once a second
 * for the build's lifetime, which the workspace copy brings ({@link #LIFETIME_FILE}); it ends by itself after
 * {@link #IDLE_SECONDS} unused, and after the adopting build's lifetime as a build container does.
 */
public final class ReadyContainers implements AutoCloseable {
    /** On a container made ready before its build, and on its volume. */
    public static final String LABEL_READY = "ocelot.ready";
    /** Written by the workspace copy into the control directory: the adopting build's lifetime in seconds (0: none). */
    static final String LIFETIME_FILE_NAME = "lifetime";
    static final String LIFETIME_FILE = WorkspaceArchive.CONTROL_DIR + "/" + LIFETIME_FILE_NAME;
    /** A ready container nobody adopted for a day ends by itself (a werker that died without removing it). */
    static final long IDLE_SECONDS = 24 * 3600;
    /**
     * The ready container's process: it waits for the lifetime file, then lives as long as {@code KEEP_ALIVE_FOR}
     * would have let the adopting build's container live (for ever when the build has no time limit).
     */
    static final String KEEP_READY = "trap 'exit 0' TERM; i=0; "
            + "while [ ! -s " + LIFETIME_FILE + " ]; do i=$((i+1)); [ $i -le \"$1\" ] || exit 0; sleep 1 & wait; done; "
            + "read -r s < " + LIFETIME_FILE + "; "
            + "if [ \"$s\" -gt 0 ] 2>/dev/null; then sleep \"$s\" & wait; else while :; do sleep 3600 & wait; done; fi";

    /** What a build container's creation depends on: a ready one serves only a build with the same. */
    public record Key(String image, String workspacePath, ResourceLimits limits) {
    }

    /** A container made ready: its id, and its name, which is also its workspace volume's. */
    record Ready(String id, String name, Key key) {
    }

    private final EngineConfig config;
    private final ExecutorService maker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ocelot-ready-container");
        t.setDaemon(true);
        return t;
    });
    /** The one being made or made, or null. */
    private CompletableFuture<Ready> next;
    private Key nextKey;
    /** Ready containers builds have adopted and not yet removed, plus the one waiting. */
    private final Set<String> inUse = ConcurrentHashMap.newKeySet();
    private boolean closed;
    private long made;

    public ReadyContainers(EngineConfig config) {
        this.config = config;
    }

    /**
     * The ready container for {@code key}, waiting for it when it is still being made; null when there is none (the
     * build creates its own) or it is no longer running. The caller owns it from here: it removes it with its build.
     */
    Ready take(Key key) {
        CompletableFuture<Ready> f;
        synchronized (this) {
            if (next == null || !key.equals(nextKey)) {
                return null;
            }
            f = next;
            next = null;
            nextKey = null;
        }
        Ready ready;
        try {
            ready = f.get(config.dockerCallTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            f.thenAccept(this::removeLater); // made after all: nobody will use it
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.thenAccept(this::removeLater);
            return null;
        }
        if (!current(ready)) {
            removeLater(ready);
            return null;
        }
        return ready;
    }

    /**
     * After a build of {@code key}: make the next build's container ready on the werker's own thread, replacing one
     * made for another key. Does nothing when one for {@code key} is there or being made.
     */
    void prepare(Key key) {
        synchronized (this) {
            if (closed || key.equals(nextKey)) {
                return;
            }
            if (next != null) {
                next.thenAccept(this::removeLater);
            }
            nextKey = key;
            next = CompletableFuture.supplyAsync(() -> make(key), maker);
        }
    }

    /** Ids the janitor must leave: the waiting ready container and those adopted by builds that are not over. */
    public Set<String> inUse() {
        return Set.copyOf(inUse);
    }

    /** A build removed (or tried to remove) the container it adopted. */
    void released(String id) {
        inUse.remove(id);
    }

    /** Removes the waiting ready container (the werker stops); nothing more is made. */
    @Override
    public void close() {
        CompletableFuture<Ready> f;
        synchronized (this) {
            closed = true;
            f = next;
            next = null;
            nextKey = null;
        }
        if (f != null) {
            try {
                remove(f.get(config.dockerCallTimeout().toMillis(), TimeUnit.MILLISECONDS));
            } catch (Exception e) {
                // not made, or Docker is away: the janitor removes it at the next start
            }
        }
        maker.shutdown(); // removals queued before this one still run
        try {
            maker.awaitTermination(config.dockerCallTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Ready make(Key key) {
        String name;
        synchronized (this) {
            name = "ocelot-" + DockerExecutor.nameSafe(config.werkerName()) + "-ready-" + (++made) + "-"
                    + Long.toHexString(System.nanoTime() & 0xffffff);
        }
        Map<String, String> labels = new HashMap<>();
        labels.put(DockerExecutor.LABEL_WERKER, config.werkerName());
        labels.put(LABEL_READY, "1");
        try (DockerCalls calls = new DockerCalls(config)) {
            String id = calls.call("create a ready container", () -> calls.client().createContainerCmd(key.image())
                    .withName(name)
                    .withLabels(labels)
                    .withEntrypoint(List.of("/bin/sh", "-c", KEEP_READY, "ocelot-keep-ready",
                            Long.toString(IDLE_SECONDS)))
                    .withCmd(List.of())
                    .withWorkingDir("/")
                    .withHostConfig(DockerExecutor.hostConfig(new ContainerLimits(key.limits()), null, name,
                            key.workspacePath(), labels))
                    .exec().getId());
            inUse.add(id);
            Ready ready = new Ready(id, name, key);
            try {
                calls.call("start a ready container", () -> calls.client().startContainerCmd(id).exec());
            } catch (BuildError | RuntimeException e) {
                remove(ready);
                throw e;
            }
            return ready;
        } catch (BuildError e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Still running, and made from what the image's name means now: a build that tagged a new image under that name
     * ({@code buildImage}, a pull) since the container was made must not get the old one. Both looks run while the
     * build's clone does.
     */
    private boolean current(Ready ready) {
        try (DockerCalls calls = new DockerCalls(config)) {
            InspectContainerResponse c = calls.call("look at the ready container",
                    () -> calls.client().inspectContainerCmd(ready.id()).exec());
            if (!Boolean.TRUE.equals(c.getState().getRunning()) || Boolean.TRUE.equals(c.getState().getPaused())) {
                return false;
            }
            String imageNow = calls.call("look at the build's image",
                    () -> calls.client().inspectImageCmd(ready.key().image()).exec().getId());
            return imageNow != null && imageNow.equals(c.getImageId());
        } catch (BuildError | DockerException e) {
            return false;
        }
    }

    private void removeLater(Ready ready) {
        maker.execute(() -> remove(ready));
    }

    /** Removes a ready container and its volume (which has its name); what fails is left to the janitor. */
    private void remove(Ready ready) {
        try (DockerCalls calls = new DockerCalls(config)) {
            DockerExecutor.removeContainer(calls, ready.id());
            BuildNetwork.removeVolume(calls, ready.name());
        } catch (BuildError | RuntimeException e) {
            // the janitor removes it later
        } finally {
            inUse.remove(ready.id());
        }
    }
}

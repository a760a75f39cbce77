package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import io.ocelot.core.plan.ResourceLimits;
import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.EngineConfig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
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
 * left by a werker that died goes at its next start.
 *
 * <p>Its own process waits on its standard input for the adopting build's workspace ({@link #handOver}): one line with
 * the tar's size, then the tar, which it unpacks at the container's root with the image's {@code head} and
 * {@code tar} and says so on its output. That is one attach (≈ 10 ms here) where Docker's archive API takes 50–90 ms
 * (dockerd unpacks in a helper process of its own). An image without them, or one whose user may not write there,
 * says it did not, and the build copies the workspace through the archive API instead. The tar brings the build's
 * lifetime ({@link #LIFETIME_FILE}), which the process then waits for; it ends by itself after {@link #IDLE_SECONDS}
 * unused, and after the adopting build's lifetime as a build container does.
 */
public final class ReadyContainers implements AutoCloseable {
    /** On a container made ready before its build, and on its volume. */
    public static final String LABEL_READY = "ocelot.ready";
    /** Written by the workspace copy into the control directory: the adopting build's lifetime in seconds (0: none). */
    static final String LIFETIME_FILE_NAME = "lifetime";
    static final String LIFETIME_FILE = WorkspaceArchive.CONTROL_DIR + "/" + LIFETIME_FILE_NAME;
    /** A ready container nobody adopted for a day ends by itself (a werker that died without removing it). */
    static final long IDLE_SECONDS = 24 * 3600;
    /** What the ready container's process says once it has unpacked the workspace it was handed; anything else: not. */
    static final String UNPACKED = "ocelot: workspace unpacked";
    /**
     * The ready container's process: ended by a background {@code kill} if no build adopts it within {@code $1}
     * seconds; otherwise it reads the workspace's size and the workspace ({@link #handOver}), unpacks it and says
     * whether it did, lets go of its input, waits for the lifetime file (which the workspace brings) and then lives as
     * long as {@code KEEP_ALIVE_FOR} would have let the adopting build's container live (for ever when the build has
     * no time limit). {@code head -c} ends the tar's input after its size: the attach never closes it.
     */
    static final String KEEP_READY = "trap 'exit 0' TERM; (sleep \"$1\"; kill -KILL $$) & "
            + "read -r n || exit 0; kill $! 2>/dev/null; "
            + "if command -v head >/dev/null && command -v tar >/dev/null "
            + "&& head -c \"$n\" | tar -x -f - -C / 2>/dev/null; then echo '" + UNPACKED + "'; "
            + "else echo 'ocelot: workspace not unpacked'; fi; exec </dev/null; i=0; "
            + "while [ ! -s " + LIFETIME_FILE + " ]; do i=$((i+1)); [ $i -le 600 ] || exit 0; sleep 1 & wait; done; "
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
                    // its input is for the workspace (handOver), closed when the one attach ends
                    .withStdinOpen(true)
                    .withStdInOnce(true)
                    .withAttachStdin(true)
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

    /**
     * Gives the adopted container {@code id} the workspace tar {@code tar} (as {@link WorkspaceArchive} writes it) on
     * its process's input; true once the process says it unpacked it, false when it could not (the caller copies it
     * through the archive API then). Bounded by {@code limit} like any Docker call.
     */
    static boolean handOver(DockerCalls calls, String id, Path tar, Duration limit) throws BuildError {
        CountDownLatch over = new CountDownLatch(1);
        InputStream input;
        try {
            input = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                    new ByteArrayInputStream((Files.size(tar) + "\n").getBytes(StandardCharsets.US_ASCII)),
                    Files.newInputStream(tar),
                    new HeldOpen(over))));
        } catch (IOException e) {
            throw new BuildError("could not read the workspace's tar: " + e.getMessage(), e);
        }
        CompletableFuture<String> said = new CompletableFuture<>();
        try {
            return calls.call("hand the workspace to the ready container", limit, () -> {
                StringBuilder out = new StringBuilder();
                try (ResultCallback.Adapter<Frame> attach = calls.client().attachContainerCmd(id)
                        .withStdIn(input).withStdOut(true).withStdErr(true).withFollowStream(true)
                        .exec(new ResultCallback.Adapter<>() {
                            @Override
                            public void onNext(Frame f) {
                                out.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                                int nl = out.indexOf("\n");
                                if (nl >= 0) {
                                    said.complete(out.substring(0, nl));
                                }
                            }

                            @Override
                            public void onError(Throwable t) {
                                said.completeExceptionally(t);
                            }

                            @Override
                            public void onComplete() {
                                said.complete(out.toString());
                            }
                        })) {
                    // a process that says nothing in most of the time allowed: the archive API gets its turn
                    return UNPACKED.equals(said.get(limit.toMillis() * 4 / 5, TimeUnit.MILLISECONDS));
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    return false;
                } finally {
                    over.countDown();
                }
            });
        } finally {
            try {
                input.close();
            } catch (IOException ignored) {
                // a file opened for reading
            }
        }
    }

    /** The end of the attach's input: it holds the stream open (an end would close it) until the hand-over is over. */
    private static final class HeldOpen extends InputStream {
        private final CountDownLatch over;

        HeldOpen(CountDownLatch over) {
            this.over = over;
        }

        @Override
        public int read() throws IOException {
            try {
                over.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return -1;
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

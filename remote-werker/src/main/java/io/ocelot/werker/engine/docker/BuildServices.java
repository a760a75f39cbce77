package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.WaitResponse;
import io.ocelot.core.plan.ServiceSpec;
import io.ocelot.werker.engine.BuildError;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The build's services (sidecars): one container each, from its image, on the build's network with the service's
 * {@code name} as network alias, so every stage reaches it by that name. Its {@code env} is the container's
 * environment (an API field, never a command line); its {@code command}, when given, replaces the image's. Each is
 * watched ({@code docker wait}): one that exits before the build is over fails the build ({@link #failure}), with its
 * last {@value #LAST_LINES} log lines in the build log. Removed with the build.
 */
final class BuildServices {
    static final int LAST_LINES = 20;
    private static final long LOG_SETTLE_MILLIS = 500;

    private final DockerCalls calls;
    private final Consumer<String> system;
    private final CompletableFuture<String> failure = new CompletableFuture<>();
    private final List<String> ids = new ArrayList<>();
    private final List<Closeable> watches = new ArrayList<>();
    private volatile boolean over;

    BuildServices(DockerCalls calls, Consumer<String> system) {
        this.calls = calls;
        this.system = system;
    }

    /** Completes with the reason once a service exited while the build still ran. */
    CompletableFuture<String> failure() {
        return failure;
    }

    /**
     * Creates and starts the service, then watches it. {@code labels} and {@code host} (limits, the build's network)
     * are what every container of the build has.
     */
    void start(ServiceSpec spec, String containerName, Map<String, String> labels, HostConfig host) throws BuildError {
        system.accept("$ starting service " + spec.name() + " from " + spec.image());
        List<String> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        Map<String, String> serviceLabels = new HashMap<>(labels);
        serviceLabels.put(DockerExecutor.LABEL_SERVICE, spec.name());
        String id;
        try {
            id = calls.call("create service " + spec.name(), () -> {
                CreateContainerCmd cmd = calls.client().createContainerCmd(spec.image())
                        .withName(containerName)
                        .withLabels(serviceLabels)
                        .withEnv(env)
                        .withHostConfig(host)
                        .withAliases(spec.name());
                if (!spec.command().isEmpty()) {
                    cmd.withCmd(spec.command());
                }
                return cmd.exec().getId();
            });
        } catch (DockerException e) {
            throw new BuildError("Docker refused to create service \"" + spec.name() + "\": "
                    + DockerCalls.dockerMessage(e), e);
        }
        synchronized (this) {
            ids.add(id);
        }
        try {
            calls.call("start service " + spec.name(), () -> calls.client().startContainerCmd(id).exec());
        } catch (DockerException e) {
            throw new BuildError("service \"" + spec.name() + "\" could not start: " + DockerCalls.dockerMessage(e), e);
        }
        watch(spec.name(), id);
    }

    private void watch(String name, String id) {
        WaitContainerResultCallback wait = new WaitContainerResultCallback() {
            @Override
            public void onNext(WaitResponse r) {
                super.onNext(r);
                ended(name, id, r.getStatusCode());
            }

            @Override
            public void onError(Throwable t) {
                super.onError(t);
                ended(name, id, null);
            }
        };
        synchronized (this) {
            watches.add(wait);
        }
        calls.client().waitContainerCmd(id).exec(wait);
    }

    /** A service's container stopped: the build fails, unless it is over already. */
    private void ended(String name, String id, Integer code) {
        if (over || failure.isDone()) {
            return;
        }
        CompletableFuture.runAsync(() -> {
            String how = code == null ? "stopped" : "exited with code " + code;
            List<String> lines = lastLines(id);
            if (over) {
                return;
            }
            system.accept("service \"" + name + "\" " + how + " while the build was running"
                    + (lines.isEmpty() ? " (it wrote nothing)" : "; its last lines:"));
            lines.forEach(l -> system.accept("  " + name + " | " + l));
            failure.complete("service \"" + name + "\" " + how + " before the build ended");
        });
    }

    private List<String> lastLines(String id) {
        try {
            // dockerd copies a container's stdout and stderr into its log on their own, and may still be at it
            // when the wait returns: give the last lines a moment to arrive
            Thread.sleep(LOG_SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StringBuilder out = new StringBuilder();
        try {
            calls.call("read the service's log", () -> {
                calls.client().logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(LAST_LINES)
                        .exec(new ResultCallback.Adapter<Frame>() {
                            @Override
                            public void onNext(Frame f) {
                                synchronized (out) {
                                    out.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                                }
                            }
                        }).awaitCompletion(10, TimeUnit.SECONDS);
                return null;
            });
        } catch (BuildError | RuntimeException e) {
            return List.of("(its log could not be read: " + e.getMessage() + ")");
        }
        List<String> lines = new ArrayList<>();
        synchronized (out) {
            for (String l : out.toString().split("\n")) {
                if (!l.isBlank()) {
                    lines.add(l.stripTrailing());
                }
            }
        }
        return lines.size() > LAST_LINES ? lines.subList(lines.size() - LAST_LINES, lines.size()) : lines;
    }

    /** The build is over: a service stopping from now on is the clean-up, not a failure. */
    void over() {
        over = true;
        List<Closeable> toClose;
        synchronized (this) {
            toClose = List.copyOf(watches);
        }
        for (Closeable w : toClose) {
            try {
                w.close();
            } catch (IOException | RuntimeException ignored) {
                // the watch is being dropped
            }
        }
    }

    synchronized List<String> containerIds() {
        return List.copyOf(ids);
    }

}

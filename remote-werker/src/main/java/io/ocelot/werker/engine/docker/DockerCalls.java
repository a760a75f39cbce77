package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.Cancellation;
import io.ocelot.werker.engine.EngineConfig;
import io.ocelot.werker.engine.HumanDuration;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Docker client whose every call has a deadline (DESIGN decision 8): a hung daemon otherwise blocks docker-java
 * forever, response timeout or not. Each call runs on a helper thread; when its deadline passes the client is closed
 * (which fails whatever is still in flight) and the call fails with a {@link BuildError} saying which call hung.
 * One instance per build (or per janitor run), so one hung call never poisons another build's client.
 */
public final class DockerCalls implements AutoCloseable {
    /** What to tell a user whose Docker engine is not there. */
    public static final String HOW_TO_START = "start it: scripts/setup-docker.sh (as root), or `dockerd &`";

    static {
        // docker-java and HttpClient log (with stack traces) the very failures Ocelot reports itself, in words;
        // keep them out of users' terminals unless someone asks for them explicitly
        quiet("com.github.dockerjava", "off");
        quiet("org.apache.hc.client5", "warn");
    }

    private final EngineConfig config;
    private final String host;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ocelot-docker-call");
        t.setDaemon(true);
        return t;
    });
    private volatile DockerClient client;
    private volatile boolean broken;

    public DockerCalls(EngineConfig config) {
        this.config = config;
        DefaultDockerClientConfig.Builder b = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (config.dockerHost() != null) {
            b.withDockerHost(config.dockerHost());
        }
        DefaultDockerClientConfig dc = b.build();
        this.host = dc.getDockerHost().toString();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(dc.getDockerHost())
                .sslConfig(dc.getSSLConfig())
                // a stage holds its exec stream and a service its wait for their whole run; the calls come on top
                .maxConnections(Math.max(32, 4 * config.parallelStages() + 32))
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        this.client = DockerClientImpl.getInstance(dc, http);
    }

    public String host() {
        return host;
    }

    public Duration defaultTimeout() {
        return config.dockerCallTimeout();
    }

    /** The raw client, for calls whose deadline the caller enforces itself (a stage's exec stream). */
    public DockerClient client() {
        return client;
    }

    public <T> T call(String what, Callable<T> body) throws BuildError {
        return call(what, config.dockerCallTimeout(), body);
    }

    /**
     * Runs {@code body} with a deadline. Docker's own answers ({@link DockerException}: not found, conflict, ...)
     * propagate unchanged for the caller to interpret; a daemon that cannot be reached or does not answer in time
     * becomes a {@link BuildError}.
     */
    public <T> T call(String what, Duration limit, Callable<T> body) throws BuildError {
        return call(what, limit, null, body);
    }

    /**
     * {@link #call(String, Duration, Callable)} that also ends when {@code stop} (may be null) is cancelled first:
     * then the client is closed, so dockerd sees its caller go away and abandons the work (a pull stops), and the
     * call fails with {@link BuildError#cancelled}. The client is closed only here, by the waiting thread and only
     * while the call is still running, so a stop that comes after the call cannot break a later one.
     */
    public <T> T call(String what, Duration limit, Cancellation stop, Callable<T> body) throws BuildError {
        if (broken) {
            throw new BuildError("the Docker engine at " + host + " stopped answering earlier in this build");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Future<?> task = threads.submit(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        try (Cancellation.Registration r = stop == null ? () -> { } : stop.onCancel(() -> stopped.complete(null))) {
            CompletableFuture.anyOf(result, stopped).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            markBroken();
            throw new BuildError("the Docker engine at " + host + " did not answer within "
                    + HumanDuration.format(limit) + " (" + what + "); is dockerd hung? Check `docker info`");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new BuildError("interrupted while waiting for Docker (" + what + ")");
        } catch (ExecutionException e) {
            // the call failed: its cause is read from result below
        }
        if (!result.isDone()) {
            markBroken();
            task.cancel(true);
            throw BuildError.cancelled("stopped waiting for Docker (" + what + ")");
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildError("interrupted while waiting for Docker (" + what + ")");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof DockerException de) {
                throw de;
            }
            if (c instanceof BuildError be) {
                throw be;
            }
            if (isUnreachable(c)) {
                throw new BuildError("Docker engine not reachable at " + host + " (" + rootMessage(c) + "); "
                        + HOW_TO_START);
            }
            throw new BuildError("Docker call failed (" + what + "): " + rootMessage(c), c);
        }
    }

    /** Closes the client so in-flight calls fail; later calls fail fast. */
    public void markBroken() {
        broken = true;
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // it is being thrown away
        }
    }

    static boolean isUnreachable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m.strip();
    }

    /** Docker's error text without docker-java's "Status 404: {...}" wrapping. */
    static String dockerMessage(DockerException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int i = m.indexOf("\"message\":\"");
        if (i >= 0) {
            int end = m.indexOf('"', i + 11);
            return end > 0 ? m.substring(i + 11, end) : m.substring(i + 11);
        }
        return m.strip();
    }

    private static void quiet(String logger, String level) {
        String key = "org.slf4j.simpleLogger.log." + logger;
        if (System.getProperty(key) == null) {
            System.setProperty(key, level);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing left to do with it
        }
        threads.shutdownNow();
    }
}

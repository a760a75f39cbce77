package io.ocelot.werker.agent;

import io.ocelot.core.ByteSizes;

import io.ocelot.core.protocol.Messages.ArtifactStored;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.werker.agent.client.Backoff;
import io.ocelot.werker.agent.client.PluginCallException;
import io.ocelot.werker.agent.client.WerkerClient;
import io.ocelot.werker.engine.files.ArtifactSink;

import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A leased build's artifacts, uploaded to the plugin one file per request as the engine hands them over, the file
 * streamed from the workspace into the request body (the werker's heap holds a buffer, never the file). An
 * unreachable plugin is retried with backoff a few times (the file is read anew each time); a 413 (the build's
 * artifact cap) ends the build's uploads with a log line; a 409 is a lost lease, as on every other call.
 */
final class PluginArtifacts implements ArtifactSink {
    static final int ATTEMPTS = 5;

    private final WerkerClient client;
    private final long buildId;
    private final LeaseRef lease;
    private final Runnable onLeaseLost;
    private final BooleanSupplier abandoned;
    private final Duration firstRetry;
    private final Duration maxRetry;

    PluginArtifacts(WerkerClient client, long buildId, LeaseRef lease, Runnable onLeaseLost, BooleanSupplier abandoned) {
        this(client, buildId, lease, onLeaseLost, abandoned, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    PluginArtifacts(WerkerClient client, long buildId, LeaseRef lease, Runnable onLeaseLost, BooleanSupplier abandoned,
                    Duration firstRetry, Duration maxRetry) {
        this.client = client;
        this.buildId = buildId;
        this.lease = lease;
        this.onLeaseLost = onLeaseLost;
        this.abandoned = abandoned;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
    }

    @Override
    public boolean put(Artifact artifact, Content content, Consumer<String> log) throws IOException {
        Backoff backoff = new Backoff(firstRetry, maxRetry);
        for (int attempt = 1; ; attempt++) {
            if (abandoned.getAsBoolean()) {
                return false;
            }
            ArtifactStored[] stored = new ArtifactStored[1];
            try {
                content.open(in -> stored[0] = client.uploadArtifact(buildId, lease, artifact.stage(), artifact.path(),
                        artifact.size(), in));
                log.accept("artifact " + artifact.path() + " uploaded (" + ByteSizes.human(stored[0].bytes()) + "; "
                        + ByteSizes.human(stored[0].buildTotalBytes()) + " kept for the build)");
                return true;
            } catch (PluginCallException e) {
                switch (e.kind()) {
                    case LEASE_LOST -> {
                        log.accept("artifacts: the build's lease is lost; nothing more is uploaded");
                        onLeaseLost.run();
                        return false;
                    }
                    case REFUSED -> {
                        if (e.status() == 413) {
                            log.accept("artifacts: the build's artifact cap on the server is reached (" + artifact.path()
                                    + ", " + ByteSizes.human(artifact.size()) + "); no more artifacts are uploaded for it");
                            return false;
                        }
                        throw new IOException("the server refused it: " + e.getMessage(), e);
                    }
                    default -> {
                        if (attempt >= ATTEMPTS) {
                            throw new IOException("the server could not be reached in " + ATTEMPTS + " tries: "
                                    + e.getMessage(), e);
                        }
                        Duration wait = backoff.next();
                        log.accept("artifacts: uploading " + artifact.path() + " failed (" + e.getMessage()
                                + "); trying again in " + wait.toMillis() + " ms");
                        sleep(wait);
                    }
                }
            }
        }
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

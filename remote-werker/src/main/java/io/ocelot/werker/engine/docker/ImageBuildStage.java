package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import io.ocelot.core.plan.ImageBuild;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.RegistryAuth;
import io.ocelot.werker.engine.Executor.RunningStage;
import io.ocelot.werker.engine.Executor.StageOutput;
import io.ocelot.werker.engine.files.WorkspaceFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@code buildImage} stage: the context directory streamed out of the build's main container as a tar rooted at
 * the context (into a scratch file on the werker, so Docker reads it at its own pace), built by the Docker engine
 * with the Dockerfile named relative to the context, tagged with each tag, then pushed with the build's registry
 * credentials when asked. Docker's build output is the stage's output. The build container never gets a Docker
 * socket: the werker makes the image. The credentials go only into the API's auth fields, never into a log line.
 * Signalling the stage closes the build's (or push's) stream, which makes dockerd abandon it.
 */
final class ImageBuildStage {
    static final int FAILED = 1;
    static final int STOPPED = 143;

    private final DockerCalls calls;
    private final WorkspaceFiles files;
    private final Path scratchDir;
    private final ImageBuild build;
    private final RegistryAuth auth;
    private final StageOutput output;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicReference<Closeable> current = new AtomicReference<>();
    private volatile boolean stopped;

    private ImageBuildStage(DockerCalls calls, WorkspaceFiles files, Path scratchDir, ImageBuild build,
                            RegistryAuth auth, StageOutput output) {
        this.calls = calls;
        this.files = files;
        this.scratchDir = scratchDir;
        this.build = build;
        this.auth = auth;
        this.output = output;
    }

    static RunningStage start(DockerCalls calls, WorkspaceFiles files, Path scratchDir, int index, ImageBuild build,
                              RegistryAuth auth, StageOutput output) {
        ImageBuildStage s = new ImageBuildStage(calls, files, scratchDir, build, auth, output);
        Thread t = new Thread(s::run, "ocelot-image-build-" + index);
        t.setDaemon(true);
        t.start();
        return RunningStage.of(s.exit, kill -> s.stop(), s.failure::get);
    }

    private void run() {
        Path context = null;
        try {
            context = packContext();
            if (context == null) {
                return;
            }
            String imageId = buildImage(context);
            if (imageId == null) {
                return;
            }
            system("built image " + imageId + (build.tags().isEmpty() ? "" : " tagged " + String.join(", ", build.tags())));
            if (build.push() && !push()) {
                return;
            }
            exit.complete(0);
        } catch (IOException | RuntimeException e) {
            fail("the image build failed: " + message(e));
        } finally {
            if (context != null) {
                try {
                    Files.deleteIfExists(context);
                } catch (IOException ignored) {
                    // the werker's work dir is swept
                }
            }
            exit.complete(stopped ? STOPPED : FAILED); // no effect once completed
        }
    }

    /** The context as a tar re-rooted at the context directory; null (the stage failed) when it is not there. */
    private Path packContext() throws IOException {
        Files.createDirectories(scratchDir);
        Path tarFile = Files.createTempFile(scratchDir, "image-context-", ".tar");
        system("$ building image from context '" + build.context() + "' (Dockerfile " + build.dockerfile() + ")");
        boolean found;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tarFile), 64 * 1024);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(os)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            found = files.export(build.context(), "", tar);
            tar.finish();
        }
        if (!found) {
            Files.deleteIfExists(tarFile);
            fail("the image's context '" + build.context() + "' is not in the workspace");
            return null;
        }
        return tarFile;
    }

    private String buildImage(Path context) throws IOException {
        AtomicReference<String> error = new AtomicReference<>();
        AtomicReference<String> imageId = new AtomicReference<>();
        ResultCallback.Adapter<BuildResponseItem> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(BuildResponseItem item) {
                if (item.getStream() != null) {
                    output.write(LogStream.STDOUT, item.getStream().getBytes(StandardCharsets.UTF_8));
                }
                if (item.isErrorIndicated()) {
                    error.compareAndSet(null, errorText(item));
                }
                if (item.isBuildSuccessIndicated()) {
                    imageId.set(item.getImageId());
                }
            }
        };
        try (InputStream in = Files.newInputStream(context)) {
            var cmd = calls.client().buildImageCmd()
                    .withTarInputStream(in)
                    .withDockerfilePath(build.dockerfile())
                    .withRemove(true)
                    .withForcerm(true)
                    .withPull(false);
            if (!build.tags().isEmpty()) {
                cmd.withTags(new LinkedHashSet<>(build.tags()));
            }
            if (auth != null) { // a FROM in the registry the build may pull from
                AuthConfigurations configs = new AuthConfigurations();
                configs.addConfig(authConfig());
                cmd.withBuildAuthConfigs(configs);
            }
            if (!await(cmd.exec(callback))) {
                return null;
            }
        } catch (DockerException e) {
            fail("the image build failed: " + DockerCalls.dockerMessage(e));
            return null;
        }
        if (error.get() != null) {
            fail("the image build failed: " + error.get());
            return null;
        }
        if (imageId.get() == null) {
            fail("the image build ended without an image");
            return null;
        }
        return imageId.get();
    }

    private boolean push() {
        for (String tag : build.tags()) {
            ImageRef ref = ImageRef.parse(tag);
            system("$ pushing " + tag + (auth == null ? " (the job carries no registry credentials)" : ""));
            AtomicReference<String> error = new AtomicReference<>();
            ResultCallback.Adapter<PushResponseItem> callback = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(PushResponseItem item) {
                    if (item.isErrorIndicated()) {
                        error.compareAndSet(null, errorText(item));
                    } else if (item.getStatus() != null && item.getProgressDetail() == null) {
                        String id = item.getId() == null ? "" : item.getId() + ": ";
                        output.write(LogStream.STDOUT, (id + item.getStatus() + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
            };
            try {
                var cmd = calls.client().pushImageCmd(ref.repository());
                if (ref.tag() != null) {
                    cmd.withTag(ref.tag());
                }
                if (auth != null) {
                    cmd.withAuthConfig(authConfig());
                }
                if (!await(cmd.exec(callback))) {
                    return false;
                }
            } catch (DockerException e) {
                fail("pushing " + tag + " failed: " + DockerCalls.dockerMessage(e));
                return false;
            } catch (RuntimeException e) {
                fail("pushing " + tag + " failed: " + message(e));
                return false;
            }
            if (error.get() != null) {
                fail("pushing " + tag + " failed: " + error.get());
                return false;
            }
            system("pushed " + tag);
        }
        return true;
    }

    /** Waits for a streamed call; false when the stage was stopped meanwhile. */
    private boolean await(ResultCallback.Adapter<?> callback) {
        current.set(callback);
        if (stopped) {
            closeQuietly(callback);
        }
        try {
            callback.awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } finally {
            current.set(null);
        }
        if (stopped) {
            exit.complete(STOPPED);
            return false;
        }
        return true;
    }

    private void stop() {
        stopped = true;
        Closeable c = current.get();
        if (c != null) {
            closeQuietly(c);
        }
    }

    private AuthConfig authConfig() {
        return new AuthConfig().withRegistryAddress(auth.registry()).withUsername(auth.username())
                .withPassword(auth.password());
    }

    private void fail(String why) {
        if (stopped) {
            exit.complete(STOPPED);
            return;
        }
        failure.compareAndSet(null, why);
        system(why);
        exit.complete(FAILED);
    }

    private void system(String line) {
        output.write(LogStream.SYSTEM, ("ocelot: " + line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String errorText(ResponseItem item) {
        if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
            return item.getErrorDetail().getMessage().strip();
        }
        return item.getError() == null ? "Docker reported an error" : item.getError().strip();
    }

    private static String message(Throwable e) {
        String m = DockerCalls.rootMessage(e);
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // it is being abandoned
        }
    }
}

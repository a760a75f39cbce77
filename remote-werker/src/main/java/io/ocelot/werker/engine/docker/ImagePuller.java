package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import io.ocelot.core.protocol.Messages.RegistryAuth;
import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.Cancellation;
import io.ocelot.werker.engine.EngineConfig;

import java.util.function.Consumer;

/**
 * The build's image on the Docker engine: used as it is when present, else pulled with the job's registry
 * credentials (never on a command line), and recorded in the werker's image ledger for pruning.
 */
final class ImagePuller {
    private ImagePuller() {
    }

    /** Records in the werker's image ledger that a build used {@code image}, found present without a pull. */
    static void used(EngineConfig config, String image) {
        if (config.imageLedger() != null) {
            new ImageLedger(config.imageLedger()).used(image);
        }
    }

    /** Pulls the image when it is missing; a {@code stop} ends the pull at once (dockerd abandons it). */
    static void ensure(EngineConfig config, DockerCalls calls, Consumer<String> system, String image, RegistryAuth auth,
                       Cancellation stop) throws BuildError {
        ImageLedger ledger = config.imageLedger() == null ? null : new ImageLedger(config.imageLedger());
        try {
            calls.call("inspect image " + image, () -> calls.client().inspectImageCmd(image).exec());
            if (ledger != null) {
                ledger.used(image);
            }
            return;
        } catch (NotFoundException e) {
            // pull it below
        }
        ImageRef ref = ImageRef.parse(image);
        system.accept("$ docker pull " + image + (auth != null ? " (as " + auth.username() + ")" : ""));
        try {
            calls.call("pull " + image, config.pullTimeout(), stop, () -> {
                var cmd = calls.client().pullImageCmd(ref.repository());
                if (ref.tag() != null) {
                    cmd.withTag(ref.tag());
                }
                if (auth != null) {
                    cmd.withAuthConfig(new AuthConfig()
                            .withRegistryAddress(auth.registry())
                            .withUsername(auth.username())
                            .withPassword(auth.password()));
                }
                cmd.exec(new PullImageResultCallback()).awaitCompletion();
                return null;
            });
        } catch (DockerException e) {
            throw new BuildError("image '" + image + "' not found locally and could not be pulled: "
                    + DockerCalls.dockerMessage(e), e);
        } catch (BuildError e) {
            if (e.isCancel()) {
                throw BuildError.cancelled("stopped pulling image '" + image + "'");
            }
            if (e.getMessage().startsWith("Docker engine not reachable")) {
                throw e;
            }
            throw new BuildError("image '" + image + "' not found locally and could not be pulled: "
                    + e.getMessage(), e);
        }
        // a pull can "succeed" without the image (e.g. the registry answered with an error in the stream)
        try {
            calls.call("inspect image " + image, () -> calls.client().inspectImageCmd(image).exec());
        } catch (NotFoundException e) {
            throw new BuildError("image '" + image + "' not found locally and could not be pulled: "
                    + "the pull ended without the image");
        }
        if (ledger != null) {
            ledger.pulled(image);
        }
    }
}

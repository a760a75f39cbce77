package io.ocelot.plugin.werker;

import io.ocelot.core.protocol.Messages.ArtifactStored;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.artifact.ArtifactFiles;
import io.ocelot.plugin.artifact.ArtifactPath;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.store.ArtifactSettings;
import io.ocelot.plugin.store.ArtifactStore;

import javax.inject.Inject;
import javax.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;

/**
 * The artifact upload of the werker protocol ({@code PUT builds/{id}/artifacts}, {@link Protocol}): the path and
 * stage are checked, the lease is checked by {@link WerkerService} as for every werker call, the body is streamed to
 * a temporary file and stopped where it would pass the build's cap ({@link ArtifactSettings}), and the artifact's row
 * is written by {@link ArtifactStore} under the lease again (the reaper may take it while the bytes stream) and
 * within the cap again (another upload of the build may have landed meanwhile). A refused upload keeps nothing.
 */
@Named
public class ArtifactUploads {
    private final WerkerService werkers;
    private final ArtifactStore artifacts;
    private final ArtifactFiles files;
    private final ArtifactSettings settings;
    private final Clock clock;

    @Inject
    public ArtifactUploads(WerkerService werkers, ArtifactStore artifacts, ArtifactFiles files,
                           ArtifactSettings settings, Clock clock) {
        this.werkers = werkers;
        this.artifacts = artifacts;
        this.files = files;
        this.settings = settings;
        this.clock = clock;
    }

    /** {@code declaredLength}: the request's Content-Length, or null; a body declared too large is not read at all. */
    public ArtifactStored upload(Werker w, long buildId, Integer attempt, String leaseId, Integer stage, String path,
                                 Long declaredLength, InputStream body) {
        if (attempt == null || leaseId == null || leaseId.isBlank()) {
            throw WerkerApiException.badRequest("artifacts: the query must carry the lease (attempt and lease)");
        }
        if (stage == null || stage < 0) {
            throw WerkerApiException.badRequest("artifacts: the query must carry the stage index (0 or more)");
        }
        try {
            ArtifactPath.check(path);
        } catch (IllegalArgumentException e) {
            throw WerkerApiException.badRequest("artifacts: " + e.getMessage());
        }
        Build b = werkers.leased(w, buildId, new LeaseRef(attempt, leaseId));
        int stages = WerkerService.plannedStages(b).size();
        if (stage >= stages) {
            throw WerkerApiException.badRequest("artifacts: build " + buildId + " has " + stages
                    + " stage(s) in its plan (index 0.." + (stages - 1) + "), the werker sent stage " + stage);
        }
        long cap = settings.maxBuildBytes();
        long room = Math.max(0, cap - artifacts.bytesBesides(buildId, b.attempt(), path));
        if (declaredLength != null && declaredLength > room) {
            throw overCap(buildId, path, cap, cap - room);
        }
        ArtifactFiles.Staged staged;
        try {
            staged = files.stage(body, room);
        } catch (ArtifactFiles.TooLarge e) {
            throw overCap(buildId, path, cap, cap - room);
        } catch (ArtifactFiles.BodyFailed e) {
            throw WerkerApiException.badRequest("artifacts: could not read the upload of '" + path + "': "
                    + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("could not write an artifact of build " + buildId + " under the"
                    + " artifact folder: " + e, e);
        }
        String stored;
        try {
            stored = files.place(staged, buildId);
        } catch (IOException e) {
            files.discard(staged);
            throw new IllegalStateException("could not store an artifact of build " + buildId + " under the"
                    + " artifact folder: " + e.getMessage(), e);
        }
        ArtifactStore.Outcome o;
        try {
            o = artifacts.record(buildId, b.attempt(), b.leaseId(), stage, path, staged.bytes(), staged.sha256(),
                    stored, cap, clock.millis());
        } catch (RuntimeException e) {
            files.delete(stored);
            throw e;
        }
        switch (o.kind()) {
            case STORED -> {
                if (o.replaced() != null) {
                    files.delete(o.replaced());
                }
                o.earlierAttempts().forEach(files::delete);
                return new ArtifactStored(path, staged.bytes(), o.totalBytes());
            }
            case LEASE_LOST -> {
                files.delete(stored);
                throw WerkerService.lost(werkers.find(buildId));
            }
            case OVER_CAP -> {
                files.delete(stored);
                throw overCap(buildId, path, cap, o.totalBytes());
            }
            default -> {
                files.delete(stored);
                throw new WerkerApiException(413, "artifacts: build " + buildId + " already has "
                        + ArtifactStore.MAX_PER_BUILD + " artifacts, the most a build may keep; '" + path
                        + "' is not stored");
            }
        }
    }

    private static WerkerApiException overCap(long buildId, String path, long cap, long taken) {
        return new WerkerApiException(413, "artifacts: '" + path + "' does not fit in the artifact cap of build "
                + buildId + ": " + Sizes.human(cap) + " (" + cap + " bytes) per build, " + Sizes.human(taken)
                + " already taken by its other artifacts; nothing of it is kept");
    }

    /** Sizes for messages: "1 GiB", "512 KiB", "1000 bytes". */
    static final class Sizes {
        private Sizes() {
        }

        static String human(long bytes) {
            if (bytes >= 1024L * 1024 * 1024 && bytes % (1024L * 1024 * 1024) == 0) {
                return bytes / (1024L * 1024 * 1024) + " GiB";
            }
            if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
                return bytes / (1024 * 1024) + " MiB";
            }
            if (bytes >= 1024 && bytes % 1024 == 0) {
                return bytes / 1024 + " KiB";
            }
            return bytes + " bytes";
        }
    }
}

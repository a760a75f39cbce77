package io.ocelot.plugin.uistore;

import io.ocelot.core.api.ArtifactList;
import io.ocelot.core.api.ArtifactView;
import io.ocelot.plugin.artifact.ArtifactFiles;
import io.ocelot.plugin.build.Artifact;
import io.ocelot.plugin.build.Stage;
import io.ocelot.plugin.store.ArtifactSettings;
import io.ocelot.plugin.store.ArtifactStore;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.ui.BuildArtifacts;
import io.ocelot.plugin.ui.UserFacingException;

import javax.inject.Inject;
import javax.inject.Named;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@link BuildArtifacts} over the artifact rows and their files. */
@Named
public class StoreBuildArtifacts implements BuildArtifacts {
    private final ArtifactStore artifacts;
    private final ArtifactFiles files;
    private final ArtifactSettings settings;
    private final BuildStore builds;

    @Inject
    public StoreBuildArtifacts(ArtifactStore artifacts, ArtifactFiles files, ArtifactSettings settings,
                               BuildStore builds) {
        this.artifacts = artifacts;
        this.files = files;
        this.settings = settings;
        this.builds = builds;
    }

    @Override
    public ArtifactList list(long buildId) {
        List<Artifact> found = current(buildId);
        Map<Integer, String> names = found.isEmpty() ? Map.of() : builds.stages(buildId).stream()
                .collect(Collectors.toMap(Stage::index, Stage::name, (a, b) -> a));
        List<ArtifactView> views = found.stream().map(a -> new ArtifactView(a.path(), a.stage(),
                names.get(a.stage()), a.bytes(), a.sha256(), a.createdAt(), a.expired())).toList();
        long kept = found.stream().filter(a -> !a.expired()).mapToLong(Artifact::bytes).sum();
        return new ArtifactList(buildId, views, kept, settings.retentionDays());
    }

    @Override
    public Optional<Download> open(long buildId, String path) throws IOException {
        Optional<Artifact> found = artifacts.find(buildId, path).filter(a -> a.attempt() == attempt(buildId));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Artifact a = found.get();
        if (a.expired()) {
            throw UserFacingException.notFound(expired(a));
        }
        try {
            return Optional.of(new Download(a.path(), a.bytes(), a.sha256(), files.open(a.storedAs())));
        } catch (NoSuchFileException e) {
            // replaced by a new upload of the same path between the row read and the open: read the new row
            Optional<Artifact> now = artifacts.find(buildId, path);
            if (now.isPresent() && !now.get().expired() && !now.get().storedAs().equals(a.storedAs())) {
                Artifact n = now.get();
                return Optional.of(new Download(n.path(), n.bytes(), n.sha256(), files.open(n.storedAs())));
            }
            throw UserFacingException.notFound("The file of artifact '" + path + "' of build " + buildId
                    + " is missing from the artifact folder.");
        }
    }

    /**
     * The artifacts of the build's current attempt: once a requeued build runs again, its earlier attempts' are not its
     * result (the first upload of the new attempt deletes them; until then they are only hidden). While it waits in
     * the queue its attempt number is still the last one's, whose artifacts are shown.
     */
    private List<Artifact> current(long buildId) {
        List<Artifact> all = artifacts.list(buildId);
        if (all.isEmpty()) {
            return all;
        }
        int attempt = attempt(buildId);
        return all.stream().filter(a -> a.attempt() == attempt).toList();
    }

    private int attempt(long buildId) {
        return builds.find(buildId).map(io.ocelot.plugin.build.Build::attempt).orElse(0);
    }

    private String expired(Artifact a) {
        return "Artifact '" + a.path() + "' of build " + a.buildId() + " expired: artifacts are kept "
                + settings.retentionDays() + " days after their upload.";
    }
}

package io.ocelot.werker.engine.files;

import io.ocelot.core.ByteSizes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * {@code ocelot exec}'s artifacts: each file copied to {@code <folder>/<stage name>/<its workspace path>}, written to
 * a temporary name first so a stopped run leaves no half file under the real one.
 */
public final class LocalArtifactFolder implements ArtifactSink {
    private final Path folder;

    public LocalArtifactFolder(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    public Path folder() {
        return folder;
    }

    /** The folder a stage's artifacts go to: its name made safe as one path segment. */
    public Path stageFolder(String stageName) {
        String safe = stageName.replaceAll("[^A-Za-z0-9._-]", "_");
        return folder.resolve(safe.isEmpty() || safe.startsWith(".") ? "_" + safe : safe);
    }

    @Override
    public boolean put(Artifact artifact, Content content, Consumer<String> log) throws IOException {
        Path dir = stageFolder(artifact.stageName());
        Path target = dir.resolve(artifact.path()).normalize();
        if (!target.startsWith(dir) || target.equals(dir)) {
            throw new IOException("its path leaves the artifacts folder");
        }
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".ocelot-", ".part");
        try {
            content.open(in -> Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING));
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        log.accept("artifact " + artifact.path() + " (" + ByteSizes.human(Files.size(target)) + ") -> " + target);
        return true;
    }
}

package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.build.Artifact;
import net.java.ao.Query;

import javax.inject.Inject;
import javax.inject.Named;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The artifacts of builds (table {@code ARTIFACT}): one row per build and path, written under the werker's lease and
 * within the build's cap. An upload's file is on disk before its row is written; the row is what makes it an
 * artifact, so a werker that lost its lease, or an upload past the cap, leaves no artifact whatever it sent.
 */
@Named
public class ArtifactStore {
    /** At most this many artifacts per build: each is a row and a line on the build page. */
    public static final int MAX_PER_BUILD = 1000;
    private static final int MAX_TRIES = 3;
    private final ActiveObjects ao;

    @Inject
    public ArtifactStore(@ComponentImport ActiveObjects ao) {
        this.ao = ao;
    }

    /**
     * What {@link #record} did. STORED: {@code totalBytes} is the build's artifact bytes now, {@code replaced} the
     * file of the row it replaced (null: a new path) and {@code earlierAttempts} the files of the rows of earlier attempts
 * it removed, for the caller to delete. LEASE_LOST: the build no longer runs
     * under that lease and attempt. OVER_CAP / TOO_MANY: the build's artifacts would pass the cap in bytes or
     * {@link #MAX_PER_BUILD}; {@code totalBytes} is what the others take. Nothing is written unless STORED.
     */
    public record Outcome(Kind kind, long totalBytes, String replaced, List<String> earlierAttempts) {
        public enum Kind { STORED, LEASE_LOST, OVER_CAP, TOO_MANY }

        Outcome(Kind kind, long totalBytes) {
            this(kind, totalBytes, null, List.of());
        }
    }

    /**
     * The new artifact's row, in one transaction with the lease check (on the locked build row) and the cap check.
     * A build's artifacts are those of one attempt: the first upload of a requeued build's new attempt removes the
     * rows the earlier attempts left (their files may not match the commit's outcome any more).
     */
    public Outcome record(long buildId, int attempt, String leaseId, int stage, String path, long bytes, String sha256,
                          String storedAs, long capBytes, long now) {
        for (int tries = 1; ; tries++) {
            try {
                return ao.executeInTransaction(() -> write(buildId, attempt, leaseId, stage, path, bytes, sha256,
                        storedAs, capBytes, now));
            } catch (RuntimeException e) {
                // two uploads of one build at once: the database refused one (the build row, or the same path)
                if (!DatabaseConflict.is(e) || tries == MAX_TRIES) {
                    throw e;
                }
            }
        }
    }

    private Outcome write(long buildId, int attempt, String leaseId, int stage, String path, long bytes,
                          String sha256, String storedAs, long capBytes, long now) {
        BuildEntity b = BuildRowLock.lock(ao, buildId);
        if (!BuildRowLock.holds(b, attempt, leaseId)) {
            return new Outcome(Outcome.Kind.LEASE_LOST, 0);
        }
        String key = key(buildId, path);
        ArtifactEntity old = null;
        long others = 0;
        int count = 0;
        List<ArtifactEntity> earlier = new ArrayList<>();
        for (ArtifactEntity e : ao.find(ArtifactEntity.class, "BUILD_ID = ?", buildId)) {
            if (e.getAttempt() < attempt) {
                earlier.add(e);
            } else if (e.isExpired()) {
                continue;
            } else if (e.getArtifactKey().equals(key)) {
                old = e;
            } else {
                others += e.getSizeBytes();
                count++;
            }
        }
        if (others + bytes > capBytes) {
            return new Outcome(Outcome.Kind.OVER_CAP, others);
        }
        if (count + 1 > MAX_PER_BUILD) {
            return new Outcome(Outcome.Kind.TOO_MANY, others);
        }
        List<String> earlierFiles = new ArrayList<>();
        for (ArtifactEntity e : earlier) {
            if (!e.isExpired()) {
                earlierFiles.add(e.getStoredAs());
            }
            ao.delete(e);
        }
        String replaced = null;
        if (old == null) {
            ArtifactEntity[] expired = ao.find(ArtifactEntity.class, "ARTIFACT_KEY = ?", key);
            if (expired.length > 0) {
                ao.delete(expired);
            }
        } else {
            replaced = old.getStoredAs();
            ao.delete(old);
        }
        ArtifactEntity e = ao.create(ArtifactEntity.class, Map.of("ARTIFACT_KEY", key, "BUILD_ID", buildId));
        e.setAttempt(attempt);
        e.setStageIndex(stage);
        e.setArtifactPath(path);
        e.setSizeBytes(bytes);
        e.setSha256(sha256);
        e.setStoredAs(storedAs);
        e.setCreatedAt(now);
        e.setExpired(false);
        e.save();
        return new Outcome(Outcome.Kind.STORED, others + bytes, replaced, earlierFiles);
    }

    /**
     * Bytes the artifacts of the build's attempt {@code attempt} other than {@code path} take (what an upload of
     * {@code path} in that attempt may add to).
     */
    public long bytesBesides(long buildId, int attempt, String path) {
        String key = key(buildId, path);
        long sum = 0;
        for (ArtifactEntity e : ao.find(ArtifactEntity.class, "BUILD_ID = ? AND ATTEMPT = ? AND EXPIRED = ?",
                buildId, attempt, false)) {
            if (!e.getArtifactKey().equals(key)) {
                sum += e.getSizeBytes();
            }
        }
        return sum;
    }

    /** The build's artifacts (of every attempt that left any), expired ones included, by path. */
    public List<Artifact> list(long buildId) {
        List<Artifact> out = new ArrayList<>();
        for (ArtifactEntity e : ao.find(ArtifactEntity.class,
                Query.select().where("BUILD_ID = ?", buildId).order("ARTIFACT_PATH ASC, ID ASC"))) {
            out.add(artifact(e));
        }
        return out;
    }

    public Optional<Artifact> find(long buildId, String path) {
        ArtifactEntity[] found = ao.find(ArtifactEntity.class, "ARTIFACT_KEY = ?", key(buildId, path));
        return found.length == 0 ? Optional.empty() : Optional.of(artifact(found[0]));
    }

    /**
     * Marks at most {@code limit} artifacts uploaded before {@code cutoff} expired and returns them (their files are
     * the caller's to delete). The rows stay: the build page lists what expired.
     */
    public List<Artifact> expireBefore(long cutoff, int limit) {
        List<Artifact> out = new ArrayList<>();
        for (ArtifactEntity e : ao.find(ArtifactEntity.class, Query.select()
                .where("CREATED_AT < ? AND EXPIRED = ?", cutoff, false).order("CREATED_AT ASC, ID ASC").limit(limit))) {
            e.setExpired(true);
            e.save();
            out.add(artifact(e));
        }
        return out;
    }

    private static Artifact artifact(ArtifactEntity e) {
        return new Artifact(e.getBuildId(), e.getAttempt(), e.getStageIndex(), e.getArtifactPath(), e.getSizeBytes(),
                e.getSha256(), e.getStoredAs(), e.getCreatedAt(), e.isExpired());
    }

    static String key(long buildId, String path) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return buildId + ":" + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

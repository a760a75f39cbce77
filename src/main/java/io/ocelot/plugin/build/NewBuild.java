package io.ocelot.plugin.build;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.repo.RepositoryRef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * What a trigger asks the store to create. Identity = (repository, commit, pipeline, trigger kind, PR id, and for a
 * tag its ref, for a pull request the target commit its plan merges into): creating the same identity twice yields
 * the first build. So a tag on a commit that already built builds again (a release is its own build), and a pull
 * request whose target moved builds its new merge result. On-demand triggers (manual, CLI) get a fresh identity each time.
 * {@code plan == null} with a {@code failure} message records a build that failed before it could run
 * (an invalid ocelot.yml). {@code commitMessage} (for lists and notifications) and {@code buildGroup} (the
 * repository's group now, so a group's history stays as it was) are descriptive, not part of the identity.
 * {@code werkerLabels}: the repository's werker labels now; only a werker carrying all of them may run the build.
 * {@code fromFork}: a pull request from a fork; its jobs carry no secret variables.
 */
public record NewBuild(RepositoryRef repository, String branch, String ref, String commit, String pipeline,
                       TriggerKind trigger, long prId, String triggeredBy, BuildPlan plan, String failure,
                       String commitMessage, String buildGroup, List<String> werkerLabels, boolean fromFork) {
    public NewBuild {
        werkerLabels = werkerLabels == null ? List.of() : List.copyOf(werkerLabels);
    }

    /** Not from a fork. */
    public NewBuild(RepositoryRef repository, String branch, String ref, String commit, String pipeline,
                    TriggerKind trigger, long prId, String triggeredBy, BuildPlan plan, String failure,
                    String commitMessage, String buildGroup, List<String> werkerLabels) {
        this(repository, branch, ref, commit, pipeline, trigger, prId, triggeredBy, plan, failure, commitMessage,
                buildGroup, werkerLabels, false);
    }

    /** A build any werker may run (no repository werker labels). */
    public NewBuild(RepositoryRef repository, String branch, String ref, String commit, String pipeline,
                    TriggerKind trigger, long prId, String triggeredBy, BuildPlan plan, String failure,
                    String commitMessage, String buildGroup) {
        this(repository, branch, ref, commit, pipeline, trigger, prId, triggeredBy, plan, failure, commitMessage,
                buildGroup, List.of());
    }

    /** A build without commit message and group. */
    public NewBuild(RepositoryRef repository, String branch, String ref, String commit, String pipeline,
                    TriggerKind trigger, long prId, String triggeredBy, BuildPlan plan, String failure) {
        this(repository, branch, ref, commit, pipeline, trigger, prId, triggeredBy, plan, failure, null, null);
    }

    public String identityKey() {
        if (trigger.isOnDemand()) {
            return "ondemand-" + UUID.randomUUID();
        }
        String identity = repository.id() + "\n" + commit + "\n" + pipeline + "\n" + trigger + "\n" + prId;
        // appended only when present, so the identities of builds stored before tags and merges counted stay the same
        if (ref != null && ref.startsWith("refs/tags/")) {
            identity += "\ntag " + ref;
        }
        if (plan != null && plan.merge() != null) {
            identity += "\nmerge " + plan.merge().commit();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.ocelot.werker.workspace;

import io.ocelot.core.plan.MergeTarget;
import io.ocelot.werker.engine.BuildError;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Makes a pull-request build's workspace the merge result: the target commit checked out, the source commit merged
 * into it with {@code git merge --no-ff --no-edit} as Ocelot (a fixed author and committer, {@link #IDENTITY} in
 * git's environment, so the werker host's git identity, or its absence, never matters), both commits already fetched. This is what merging the pull
 * request would produce now, computed here rather than taken from Bitbucket's lazily computed merge ref. A merge
 * that conflicts is the pull request's problem, not Ocelot's: the build fails ({@link BuildError#failed}) naming
 * the conflicting paths ({@code git diff --name-only --diff-filter=U}).
 */
final class PullRequestMerge {
    static final String NAME = "Ocelot";
    static final String EMAIL = "ocelot@localhost";
    /** Conflicting paths named in the build's message; the log has them all. */
    static final int MAX_PATHS_NAMED = 20;
    private static final int MAX_PATHS_READ = 10_000;
    /** In git's environment: these win over any git configuration and over the werker host's own variables. */
    static final Map<String, String> IDENTITY = Map.of("GIT_AUTHOR_NAME", NAME, "GIT_AUTHOR_EMAIL", EMAIL,
            "GIT_COMMITTER_NAME", NAME, "GIT_COMMITTER_EMAIL", EMAIL);

    /** One git command in the workspace, its output in the build log; {@code keep}: output lines returned. */
    interface Git {
        Outcome run(int keep, String... args) throws BuildError, IOException;
    }

    record Outcome(int code, String output) {
    }

    private final Git git;
    private final Consumer<String> system;

    PullRequestMerge(Git git, Consumer<String> system) {
        this.git = git;
        this.system = system;
    }

    void merge(Path dest, MergeTarget target, String source) throws BuildError, IOException {
        String dir = dest.toString();
        system.accept("$ git checkout --detach " + target.commit() + "  (" + target.branch() + ")");
        Outcome co = git.run(5, "-C", dir, "checkout", "-q", "--detach", target.commit());
        if (co.code() != 0) {
            throw new BuildError("clone failed: cannot check out the target commit " + target.commit() + " of "
                    + target.branch() + ": " + co.output().strip());
        }
        system.accept("$ git merge --no-ff --no-edit " + source);
        Outcome merged = git.run(5, "-C", dir, "-c", "commit.gpgSign=false", "merge", "--no-ff", "--no-edit", "-m",
                "Merge " + source + " into " + target.branch() + " (pull-request build)", source);
        if (merged.code() == 0) {
            return;
        }
        Outcome unmerged = git.run(MAX_PATHS_READ, "-C", dir, "diff", "--name-only", "--diff-filter=U");
        List<String> paths = unmerged.code() == 0
                ? unmerged.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList() : List.of();
        if (paths.isEmpty()) {
            throw new BuildError("the merge of " + source + " into " + target.branch() + " failed: "
                    + merged.output().strip());
        }
        throw BuildError.failed("merge conflict: the pull request does not merge into " + target.branch() + " ("
                + target.commit() + "); conflicting " + (paths.size() == 1 ? "path" : "paths") + ": "
                + named(paths) + ". Merge " + target.branch() + " into the source branch, resolve, and push.");
    }

    private static String named(List<String> paths) {
        String shown = String.join(", ", paths.subList(0, Math.min(paths.size(), MAX_PATHS_NAMED)));
        return paths.size() > MAX_PATHS_NAMED ? shown + " and " + (paths.size() - MAX_PATHS_NAMED) + " more" : shown;
    }
}

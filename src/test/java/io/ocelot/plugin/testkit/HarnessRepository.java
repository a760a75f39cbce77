package io.ocelot.plugin.testkit;

import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.repo.RepositoryRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real git repository served by a {@link PluginHarness}: the bare repository where the harness's Bitbucket reads
 * it ({@link PluginHarness#repositoryDir}, default branch {@code main}) and a working copy that commits and pushes to
 * it. {@link #pushTo} moves a branch as {@code git push} does, without telling the plugin; {@link #push} then
 * delivers Bitbucket's push event too, as a real push does. Made by {@link PluginHarness#gitRepository}, which
 * deletes the working copy when it closes.
 */
public final class HarnessRepository {
    private final PluginHarness harness;
    private final RepositoryRef ref;
    private final Path bare;
    private final Path work;

    HarnessRepository(PluginHarness harness, RepositoryRef ref, Path work) {
        this.harness = harness;
        this.ref = ref;
        this.bare = harness.repositoryDir(ref);
        this.work = work;
        try {
            Files.createDirectories(bare);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Shell.git(bare, "init", "-q", "--bare", "--initial-branch=main");
        Shell.git(work, "init", "-q", "--initial-branch=main");
    }

    public RepositoryRef ref() {
        return ref;
    }

    public Path work() {
        return work;
    }

    /** Writes {@code files} (path, content, path, content...), commits all changes (or none) with this message. */
    public String commit(String message, String... files) {
        if (files.length % 2 != 0) {
            throw new IllegalArgumentException("files come in pairs: path, content");
        }
        try {
            for (int i = 0; i < files.length; i += 2) {
                Path file = work.resolve(files[i]);
                Files.createDirectories(file.getParent());
                Files.writeString(file, files[i + 1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Shell.git(work, "add", "-A");
        Shell.git(work, "commit", "-q", "--allow-empty", "-m", message);
        return head();
    }

    /** The working copy's current commit. */
    public String head() {
        return Shell.git(work, "rev-parse", "HEAD");
    }

    /** Switches the working copy to {@code branch}, creating it at the current commit when new. */
    public void checkout(String branch) {
        Shell.git(work, "checkout", "-q", "-B", branch);
    }

    /** The tip of {@code branch} in the served repository, null when there is no such branch. */
    public String tip(String branch) {
        return Shell.gitOrNull(bare, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch);
    }

    /** Force-pushes the current commit to {@code branch}, with no push event; returns the commit. */
    public String pushTo(String branch) {
        Shell.git(work, "push", "-q", "-f", bare.toString(), "HEAD:refs/heads/" + branch);
        return head();
    }

    /** {@link #pushTo} and Bitbucket's push event (from the branch's previous tip); the builds of the new tip. */
    public List<Build> push(String branch) {
        String previous = tip(branch);
        String pushed = pushTo(branch);
        return harness.push(ref, branch, previous, pushed);
    }
}

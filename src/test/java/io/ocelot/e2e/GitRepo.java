package io.ocelot.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.ocelot.plugin.testkit.Shell.git;

/**
 * A real git repository as Bitbucket would hold it: a bare repository at the path the plugin reads and werkers clone
 * over {@code file://}, and a work tree next to it where the test writes files, commits and pushes.
 */
public final class GitRepo {
    private final Path bare;
    private final Path work;

    private GitRepo(Path bare, Path work) {
        this.bare = bare;
        this.work = work;
    }

    /** Creates the bare repository at {@code bare} (e.g. {@code h.repositoryDir(repo)}) and a work tree in {@code work}. */
    public static GitRepo init(Path bare, Path work) {
        try {
            Files.createDirectories(bare);
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        git(bare, "init", "-q", "--bare");
        git(work, "init", "-q");
        git(work, "remote", "add", "origin", bare.toUri().toString());
        return new GitRepo(bare, work);
    }

    public Path bare() {
        return bare;
    }

    public GitRepo write(String path, String content) {
        try {
            Path f = work.resolve(path);
            Files.createDirectories(f.getParent());
            Files.writeString(f, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits everything in the work tree (an empty commit is allowed); returns the new commit id. */
    public String commit(String message) {
        git(work, "add", "-A");
        git(work, "commit", "-q", "--allow-empty", "-m", message);
        return head();
    }

    public String head() {
        return git(work, "rev-parse", "HEAD");
    }

    /** Pushes HEAD to {@code branch} of the bare repository; returns the commit pushed. */
    public String push(String branch) {
        git(work, "push", "-q", "--force", "origin", "HEAD:refs/heads/" + branch);
        return head();
    }

    /**
     * {@code count} new commits straight in the bare repository, each a child of {@code base} with its tree and
     * message "build i", on branches {@code prefix1..prefixN}, made by one {@code git fast-import} (a push of many
     * branches without a process per commit). Returns branch -> commit, in order.
     */
    public java.util.Map<String, String> branchesFrom(String base, String prefix, int count) {
        StringBuilder in = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            String message = "build " + i + "\n";
            in.append("commit refs/heads/").append(prefix).append(i).append('\n')
                    .append("committer Ocelot Test <test@example.com> ").append(1_700_000_000L + i).append(" +0000\n")
                    .append("data ").append(message.length()).append('\n').append(message)
                    .append("from ").append(base).append("\n\n");
        }
        io.ocelot.plugin.testkit.Shell.run(java.util.List.of("git", "-C", bare.toString(), "fast-import", "--quiet"),
                null, in.toString(), io.ocelot.plugin.testkit.Shell.TIMEOUT_SECONDS).ok();
        java.util.Map<String, String> tips = new java.util.HashMap<>();
        for (String line : git(bare, "for-each-ref", "--format=%(refname:short) %(objectname)",
                "refs/heads/" + prefix + "*").split("\n")) {
            String[] f = line.trim().split(" ");
            tips.put(f[0], f[1]);
        }
        java.util.Map<String, String> ordered = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            ordered.put(prefix + i, java.util.Objects.requireNonNull(tips.get(prefix + i), prefix + i));
        }
        return ordered;
    }

    /** Moves the work tree to {@code commit} (detached), to commit on another line of history from there. */
    public GitRepo checkout(String commit) {
        git(work, "checkout", "-q", "--detach", commit);
        return this;
    }

    /** Pushes tag {@code tag} of {@code commit} to the bare repository. */
    public void pushTag(String tag, String commit) {
        git(work, "push", "-q", "origin", commit + ":refs/tags/" + tag);
    }

    /** Writes ocelot.yml (and nothing else), commits with {@code message} and pushes to {@code branch}. */
    public String commitPipeline(String branch, String ocelotYml, String message) {
        write("ocelot.yml", ocelotYml);
        commit(message);
        return push(branch);
    }
}

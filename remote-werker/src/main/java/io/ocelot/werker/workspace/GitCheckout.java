package io.ocelot.werker.workspace;

import io.ocelot.core.plan.MergeTarget;
import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.Cancellation;
import io.ocelot.werker.engine.Trees;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Checks out one exact commit with the real {@code git} binary. When the build names its branch, one shallow clone
 * of the branch comes first, checked out: a push build's commit is its branch's tip, and the workspace is then on
 * its branch at that commit, as in Bitbucket Pipelines. Otherwise, or when the branch has moved on, {@code git init},
 * then {@code git fetch --depth 1 origin <sha>} (servers that refuse to serve a commit by id get a full fetch of every
 * ref instead), then a checkout of the commit: on the build's branch when it has one ({@code checkout -B}), detached
 * when it has none. A pull-request build ({@code merge} set) fetches the target commit and the source commit with
 * their history instead and merges the source into the target ({@link PullRequestMerge}).
 *
 * <p>The workspace is thrown away with the build, so git neither copies its templates into it (sample hooks) nor
 * flushes what it writes to the disk ({@code core.fsync=none}, git 2.36 and later; older versions ignore the key).
 *
 * <p>Credentials never appear on a command line, in the remote URL or in the log. An HTTP token goes to git
 * through {@code GIT_ASKPASS}: a small script that prints {@code $OCELOT_GIT_USERNAME} / {@code $OCELOT_GIT_PASSWORD}
 * from the environment of the git process (configured credential helpers are switched off with
 * {@code -c credential.helper=} so the token is never stored). An SSH key is written to a 0600 file used through
 * {@code GIT_SSH_COMMAND}; both files live in a private directory deleted right after the checkout. SSH host keys are
 * trusted on first use and remembered in the werker's own known-hosts file (a changed key fails the clone).
 */
public final class GitCheckout {
    /** Bitbucket's user name for a bare access token. */
    public static final String TOKEN_USER = "x-token-auth";
    /** The werker's own SSH known-hosts file, in the engine's work directory. */
    public static final String KNOWN_HOSTS_FILE = "ssh_known_hosts";

    private final Path buildDir;
    private final Path knownHosts;
    private final Consumer<String> system;
    private final Cancellation cancellation;

    /**
     * {@code knownHosts}: where SSH host keys the werker has met are kept (first use trusted, a changed key refused).
     * Keys already in the user's {@code ~/.ssh/known_hosts} are trusted too, but new ones are never written there.
     */
    public GitCheckout(Path buildDir, Path knownHosts, Consumer<String> system, Cancellation cancellation) {
        this.buildDir = buildDir;
        this.knownHosts = knownHosts;
        this.system = system;
        this.cancellation = cancellation;
    }

    public void checkout(CloneSpec source, String commit, String branch, Path dest) throws BuildError, IOException {
        checkout(source, commit, branch, null, dest);
    }

    /** {@code merge}: null, or the target the pull request's {@code commit} is merged into in the workspace. */
    public void checkout(CloneSpec source, String commit, String branch, MergeTarget merge, Path dest)
            throws BuildError, IOException {
        if (source.url() == null || source.url().isBlank()) {
            throw new BuildError("clone failed: the job carries no repository URL");
        }
        if (commit == null && branch == null) {
            throw new BuildError("clone failed: the job names neither a commit nor a branch");
        }
        Path credentials = Files.createDirectory(buildDir.resolve("credentials"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Map<String, String> env = credentialEnv(source, credentials);
            if (merge == null && commit != null && branch != null && clonedAtTip(env, source, commit, branch, dest)) {
                return;
            }
            git(env, "init", "-q", "--template=", dest.toString());
            git(env, "-C", dest.toString(), "remote", "add", "origin", source.url());
            if (merge != null && commit != null) {
                fetchCommits(env, dest, merge.commit(), commit);
                env.putAll(PullRequestMerge.IDENTITY);
                new PullRequestMerge((keep, args) -> {
                    Result r = git(env, keep, args);
                    return new PullRequestMerge.Outcome(r.code, r.output);
                }, system).merge(dest, merge, commit);
                return;
            }
            String what = commit != null ? commit : "refs/heads/" + branch;
            system.accept("$ git fetch --depth 1 origin " + what);
            Result shallow = git(env, "-C", dest.toString(), "-c", "credential.helper=", "fetch", "-q", "--depth", "1",
                    "--no-tags", "origin", what);
            if (shallow.code != 0) {
                if (commit == null || looksUnreachable(shallow)) {
                    throw cloneFailed(shallow);
                }
                system.accept("the server refused a shallow fetch of " + commit + "; fetching all refs");
                system.accept("$ git fetch origin '+refs/*:refs/ocelot/*'");
                Result full = git(env, "-C", dest.toString(), "-c", "credential.helper=", "fetch", "-q", "--no-tags",
                        "origin", "+refs/*:refs/ocelot/*");
                if (full.code != 0) {
                    throw cloneFailed(full);
                }
            }
            String target = commit != null ? commit : "FETCH_HEAD";
            Result co;
            if (branch != null) {
                system.accept("$ git checkout -B " + branch + " " + target);
                co = git(env, "-C", dest.toString(), "checkout", "-q", "-B", branch, target);
            } else {
                system.accept("$ git checkout --detach " + target);
                co = git(env, "-C", dest.toString(), "checkout", "-q", "--detach", target);
            }
            if (co.code != 0) {
                throw cloneFailed(co);
            }
        } finally {
            Trees.deleteRecursively(credentials);
        }
    }

    /**
     * The usual push build: its commit is still its branch's tip, so one shallow clone of the branch brings it,
     * checked out, with the remote set: one git process where init, remote, fetch and checkout are four. The branch
     * is read back from the clone to prove it is the commit. False, with {@code dest} gone, when the branch has moved
     * on (its newer tip was checked out for nothing: the price of the one process in the usual case) or the server
     * would not clone it; a repository that cannot be reached fails here as it would later. The caller starts over in
     * a fresh directory rather than fetching into the clone: the clone is shallow, and a server that refuses commits
     * by id gets a full fetch of every ref, which in a shallow repository stops at the clone's depth and misses the
     * commit (SshCloneTest's server refuses them).
     */
    private boolean clonedAtTip(Map<String, String> env, CloneSpec source, String commit, String branch, Path dest)
            throws BuildError, IOException {
        system.accept("$ git clone --depth 1 --branch " + branch + " (the build's repository)");
        Result clone = git(env, "-c", "credential.helper=", "clone", "-q", "--template=", "--depth", "1", "--no-tags",
                "--single-branch", "--branch", branch, source.url(), dest.toString());
        if (clone.code == 0) {
            if (commit.equals(headOf(env, dest, branch))) {
                return true;
            }
            system.accept("the branch " + branch + " has moved on since " + commit + "; fetching that commit");
        } else if (looksUnreachable(clone) && !clone.output.toLowerCase(java.util.Locale.ROOT).contains("remote branch")) {
            throw cloneFailed(clone);
        }
        Trees.deleteRecursively(dest);
        return false;
    }

    /**
     * The commit a fresh clone's branch points at. The clone writes it as a loose ref, {@code .git/refs/heads/<branch>}
     * (one object name and a newline: gitrepository-layout); where it did not (another ref store), git says.
     */
    private String headOf(Map<String, String> env, Path dest, String branch) throws BuildError, IOException {
        Path ref = dest.resolve(".git").resolve("refs").resolve("heads").resolve(branch);
        if (Files.isRegularFile(ref)) {
            return Files.readString(ref, StandardCharsets.US_ASCII).strip();
        }
        Result head = git(env, 1, "-C", dest.toString(), "rev-parse", "--verify", "-q", "HEAD");
        return head.code == 0 ? head.output.strip() : null;
    }

    /**
     * The commits with their history (a merge needs their merge base, which a shallow fetch would cut off); a server
     * that refuses to serve commits by id gets a fetch of every ref, as for a plain checkout.
     */
    private void fetchCommits(Map<String, String> env, Path dest, String... commits) throws BuildError, IOException {
        system.accept("$ git fetch origin " + String.join(" ", commits));
        List<String> args = new ArrayList<>(List.of("-C", dest.toString(), "-c", "credential.helper=", "fetch", "-q",
                "--no-tags", "origin"));
        args.addAll(List.of(commits));
        Result byId = git(env, args.toArray(String[]::new));
        if (byId.code == 0) {
            return;
        }
        if (looksUnreachable(byId)) {
            throw cloneFailed(byId);
        }
        system.accept("the server refused a fetch of commits by id; fetching all refs");
        system.accept("$ git fetch origin '+refs/*:refs/ocelot/*'");
        Result full = git(env, "-C", dest.toString(), "-c", "credential.helper=", "fetch", "-q", "--no-tags",
                "origin", "+refs/*:refs/ocelot/*");
        if (full.code != 0) {
            throw cloneFailed(full);
        }
    }

    /** Connection, authentication and "no such repository" problems: a full fetch would fail the same way. */
    private static boolean looksUnreachable(Result r) {
        String e = r.output.toLowerCase(java.util.Locale.ROOT);
        return e.contains("could not read") || e.contains("authentication failed") || e.contains("could not resolve")
                || e.contains("failed to connect") || e.contains("does not appear to be a git repository")
                || e.contains("connection refused") || e.contains("permission denied") || e.contains("not found")
                || e.contains("host key verification failed");
    }

    private BuildError cloneFailed(Result r) {
        String detail = r.output.isBlank() ? "git exited with code " + r.code : r.output.strip();
        return new BuildError("clone failed: " + detail);
    }

    private Map<String, String> credentialEnv(CloneSpec source, Path dir) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("GIT_TERMINAL_PROMPT", "0");
        // for every git process of the checkout, helpers included (git 2.31 and later read these)
        env.put("GIT_CONFIG_COUNT", "1");
        env.put("GIT_CONFIG_KEY_0", "core.fsync");
        env.put("GIT_CONFIG_VALUE_0", "none");
        if (source.password() != null) {
            Path askpass = dir.resolve("askpass.sh");
            Files.writeString(askpass, """
                    #!/bin/sh
                    case "$1" in
                      Username*) printf '%s\\n' "$OCELOT_GIT_USERNAME" ;;
                      *) printf '%s\\n' "$OCELOT_GIT_PASSWORD" ;;
                    esac
                    """);
            Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
            env.put("GIT_ASKPASS", askpass.toString());
            env.put("OCELOT_GIT_USERNAME", source.username() != null ? source.username() : TOKEN_USER);
            env.put("OCELOT_GIT_PASSWORD", source.password());
        }
        // ssh expands the ~ itself; the first file is the one new host keys go to
        String ssh = "ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o "
                + shellQuote("UserKnownHostsFile=\"" + knownHosts + "\" ~/.ssh/known_hosts");
        if (source.sshPrivateKey() != null) {
            Path key = dir.resolve("id_key");
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            String k = source.sshPrivateKey();
            Files.writeString(key, k.endsWith("\n") ? k : k + "\n");
            ssh += " -o IdentitiesOnly=yes -i " + shellQuote(key.toString());
        }
        env.put("GIT_SSH_COMMAND", ssh);
        return env;
    }

    /** One word for the shell that runs {@code GIT_SSH_COMMAND}. */
    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The exit code and the last lines git wrote (stdout and stderr together). */
    private record Result(int code, String output) {
    }

    private Result git(Map<String, String> env, String... args) throws BuildError, IOException {
        return git(env, 5, args);
    }

    /** Runs git with every output line in the log; the result keeps the last {@code keep} lines. */
    private Result git(Map<String, String> env, int keep, String... args) throws BuildError, IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // none of the werker's own settings (its token, the registration secret) reach git or what git runs
        pb.environment().keySet().removeIf(k -> k.startsWith("OCELOT_"));
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new BuildError("clone failed: cannot run git (" + e.getMessage() + "); install git on the werker host");
        }
        Deque<String> tail = new ArrayDeque<>();
        // git's helpers (ssh, git-remote-http) hold its output open too: stop them with it
        try (Cancellation.Registration stop = cancellation.onCancel(() -> {
                 p.descendants().forEach(ProcessHandle::destroyForcibly);
                 p.destroyForcibly();
             });
             BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                system.accept(line);
                tail.addLast(line);
                if (tail.size() > keep) {
                    tail.removeFirst();
                }
            }
        }
        try {
            int code = p.waitFor();
            if (cancellation.isCancelled()) {
                throw BuildError.cancelled("stopped cloning the repository");
            }
            return new Result(code, String.join("\n", tail));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BuildError("clone interrupted");
        }
    }
}

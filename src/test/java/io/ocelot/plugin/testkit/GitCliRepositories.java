package io.ocelot.plugin.testkit;

import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.repo.Changesets;
import io.ocelot.plugin.repo.RepositoryFiles;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositoryRefs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * {@link RepositoryFiles}, {@link Changesets} and {@link RepositoryRefs} read from real git repositories on disk with
 * the git command (what Bitbucket's ContentService, CommitService and RefService do for the plugin), for end-to-end
 * tests.
 * {@code locate(projectKey, slug)} gives the repository directory (bare or not).
 */
public final class GitCliRepositories implements RepositoryFiles, Changesets, RepositoryRefs {
    private final BiFunction<String, String, Path> locate;

    public GitCliRepositories(BiFunction<String, String, Path> locate) {
        this.locate = locate;
    }

    @Override
    public Optional<byte[]> read(RepositoryRef repo, String commit, String path) {
        Result r = git(repo, "cat-file", "-e", commit + ":" + path);
        if (r.exit != 0) {
            return Optional.empty();
        }
        return Optional.of(check(git(repo, "show", commit + ":" + path)).out);
    }

    @Override
    public Changeset between(RepositoryRef repo, String since, String until) {
        List<String> messages = new ArrayList<>();
        String range = since == null ? until : since + ".." + until;
        List<String> logArgs = new ArrayList<>(List.of("log", "--format=%B%x00", range));
        if (since == null) {
            logArgs.add(1, "-1");
        }
        for (String m : new String(check(git(repo, logArgs.toArray(String[]::new))).out, StandardCharsets.UTF_8)
                .split("\0")) {
            if (!m.isBlank()) {
                messages.add(m.strip());
            }
        }
        Result diff = since == null
                ? git(repo, "diff-tree", "--no-commit-id", "--name-only", "-r", "--root", until)
                : git(repo, "diff", "--name-only", since, until);
        List<String> paths = Arrays.stream(new String(check(diff).out, StandardCharsets.UTF_8).split("\n"))
                .filter(s -> !s.isBlank()).toList();
        return new Changeset(messages, paths);
    }

    @Override
    public Optional<String> resolveCommit(RepositoryRef repo, String hashOrPrefix) {
        if (!hashOrPrefix.matches("[0-9a-fA-F]{4,40}")) {
            return Optional.empty();
        }
        return line(git(repo, "rev-parse", "--verify", "--quiet", hashOrPrefix.toLowerCase() + "^{commit}"));
    }

    @Override
    public Optional<String> branchHead(RepositoryRef repo, String branch) {
        return line(git(repo, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch + "^{commit}"));
    }

    @Override
    public Optional<String> defaultBranch(RepositoryRef repo) {
        return line(git(repo, "symbolic-ref", "--quiet", "--short", "HEAD"));
    }

    @Override
    public List<String> branchesAt(RepositoryRef repo, String commit) {
        return Arrays.stream(new String(check(git(repo, "for-each-ref", "--points-at", commit,
                        "--format=%(refname:short)", "refs/heads")).out, StandardCharsets.UTF_8).split("\n"))
                .filter(s -> !s.isBlank()).sorted().toList();
    }

    private static Optional<String> line(Result r) {
        String out = new String(r.out, StandardCharsets.UTF_8).trim();
        return r.exit == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
    }

    private record Result(int exit, byte[] out, String err) {
    }

    private static Result check(Result r) {
        if (r.exit != 0) {
            throw new IllegalStateException("git failed: " + r.err);
        }
        return r;
    }

    private Result git(RepositoryRef repo, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", locate.apply(repo.projectKey(), repo.slug()).toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).start();
            byte[] out;
            byte[] err;
            try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
                ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
                Thread t = new Thread(() -> {
                    try {
                        e.transferTo(errBuf);
                    } catch (IOException ignored) {
                        // process gone
                    }
                });
                t.start();
                out = o.readAllBytes();
                t.join();
                err = errBuf.toByteArray();
            }
            return new Result(p.waitFor(), out, new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

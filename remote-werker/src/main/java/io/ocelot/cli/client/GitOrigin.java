package io.ocelot.cli.client;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the current git checkout says: the Bitbucket repository of its {@code origin} and its HEAD commit, so
 * {@code ocelot status} in a checkout needs no argument.
 */
public final class GitOrigin {
    // .../scm/PROJ/repo.git (HTTP), ssh://git@host:7999/PROJ/repo.git, git@host:PROJ/repo.git; ~user for personal repos
    private static final Pattern URL = Pattern.compile("(?:^|[/:])(~?[A-Za-z0-9_]+)/([A-Za-z0-9._-]+?)(?:\\.git)?/?$");

    private GitOrigin() {
    }

    /** "PROJ/repo" from a clone URL; project keys upper-cased (Bitbucket's keys are), personal "~user" kept. */
    public static Optional<String> repository(String cloneUrl) {
        if (cloneUrl == null) {
            return Optional.empty();
        }
        Matcher m = URL.matcher(cloneUrl.trim());
        if (!m.find()) {
            return Optional.empty();
        }
        String key = m.group(1).startsWith("~") ? m.group(1).toLowerCase(Locale.ROOT) : m.group(1).toUpperCase(Locale.ROOT);
        return Optional.of(key + "/" + m.group(2));
    }

    public static Optional<String> originRepository(File dir) {
        return git(dir, "remote", "get-url", "origin").flatMap(GitOrigin::repository);
    }

    public static Optional<String> head(File dir) {
        return git(dir, "rev-parse", "HEAD").filter(h -> h.matches("[0-9a-f]{40}"));
    }

    private static Optional<String> git(File dir, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process p = new ProcessBuilder(command).directory(dir).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no git installed: no default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

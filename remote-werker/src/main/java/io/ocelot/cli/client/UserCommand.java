package io.ocelot.cli.client;

import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.StatusReply;
import io.ocelot.core.api.UserApi;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * What every user command shares: the connection options, the output, the defaults from the git checkout, and the
 * exit codes. Exit codes: 0 done / build passed, 1 build failed (errored, cancelled) or nothing was built,
 * 2 usage, 3 the server could not be reached or answered wrongly, 4 the build is still queued or running,
 * 5 the server refused (not signed in, no permission, not tracked, not found, ambiguous).
 */
public abstract class UserCommand implements Callable<Integer> {
    public static final int OK = 0, FAILED = 1, USAGE = 2, TROUBLE = 3, RUNNING = 4, REFUSED = 5;
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{4,40}");
    /** Bitbucket's project keys ({@code ~user} for a personal one) and repository slugs. */
    private static final Pattern REPO_PART = Pattern.compile("~?[A-Za-z0-9._-]+");

    @Spec
    protected CommandLine.Model.CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL",
            description = "Bitbucket base URL (else $OCELOT_SERVER, or its alias $OCELOT_URL, else the config file).")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bitbucket personal access token (visible in process lists: prefer $OCELOT_TOKEN, --token-file or the config file).")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the token from this file.")
    Path tokenFile;

    @Option(names = "--json", description = "Print JSON instead of tables.")
    protected boolean json;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour: auto (on a terminal), always, never.")
    String colorWhen;

    /** Environment, replaceable so tests can run without touching the real one. */
    protected Map<String, String> env() {
        return System.getenv();
    }

    protected File workingDirectory() {
        return new File(System.getProperty("user.dir"));
    }

    protected abstract int run(OcelotClient client, Output out) throws Exception;

    @Override
    public final Integer call() {
        var err = spec.commandLine().getErr();
        boolean color = switch (colorWhen) {
            case "always" -> true;
            case "never" -> false;
            default -> System.console() != null && env().get("NO_COLOR") == null && !"dumb".equals(env().get("TERM"));
        };
        Output out = new Output(spec.commandLine().getOut(), color, json, System.console() != null);
        ClientSettings settings;
        try {
            settings = ClientSettings.resolve(server, token, tokenFile, env());
        } catch (IOException e) {
            err.println("ocelot: cannot read settings: " + e.getMessage());
            return USAGE;
        }
        if (settings.server() == null) {
            err.println("ocelot: no server: give --server URL, set " + ClientSettings.SERVER_ENV + " (or "
                    + ClientSettings.SERVER_ENV_ALIAS + "), or put server=URL in " + ClientSettings.configFile(env()));
            return USAGE;
        }
        try (OcelotClient client = new OcelotClient(settings.server(), settings.token())) {
            return run(client, out);
        } catch (UsageException e) {
            err.println(spec.qualifiedName() + ": " + e.getMessage());
            return USAGE;
        } catch (ApiException e) {
            err.println(spec.qualifiedName() + ": " + e.getMessage());
            e.candidates().forEach(c -> err.println("  " + c));
            if (e.status() == 401 && settings.token() == null) {
                err.println("  (no token: set OCELOT_TOKEN to a Bitbucket personal access token)");
            }
            return REFUSED;
        } catch (UnreachableException e) {
            err.println(spec.qualifiedName() + ": " + e.getMessage());
            return TROUBLE;
        } catch (Exception e) {
            err.println(spec.qualifiedName() + ": " + e);
            return TROUBLE;
        } finally {
            err.flush();
        }
    }

    /** A user mistake found before asking the server. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    /** "PROJ/repo" given, or the git checkout's origin. */
    protected String[] repository(String given) {
        String repo = given != null ? given : GitOrigin.originRepository(workingDirectory()).orElseThrow(() ->
                new UsageException("say which repository (PROJECT/repo): this is not a git checkout with a Bitbucket origin"));
        int slash = repo.indexOf('/');
        if (slash <= 0 || slash == repo.length() - 1 || repo.indexOf('/', slash + 1) >= 0) {
            throw new UsageException("'" + repo + "' is not PROJECT/repo");
        }
        if (!REPO_PART.matcher(repo.substring(0, slash)).matches() || !REPO_PART.matcher(repo.substring(slash + 1)).matches()) {
            throw new UsageException("'" + repo + "' is not PROJECT/repo: a project key and a repository slug are "
                    + "letters, digits, '.', '_', '-' and '~'");
        }
        return new String[]{repo.substring(0, slash), repo.substring(slash + 1)};
    }

    /** The checkout's HEAD, for commands whose hash defaults to it. */
    protected String head() {
        return GitOrigin.head(workingDirectory()).orElseThrow(() ->
                new UsageException("say which build or commit: this is not a git checkout"));
    }

    /**
     * A build id (digits, fewer than 7) or a commit hash prefix (the newest build of that commit), defaulting to HEAD.
     */
    protected long buildId(OcelotClient client, String ref) {
        String r = ref != null ? ref : head();
        if (r.matches("\\d{1,6}")) {
            return Long.parseLong(r);
        }
        if (!HASH.matcher(r).matches()) {
            throw new UsageException("'" + r + "' is neither a build number nor a commit hash");
        }
        List<BuildSummary> builds = status(client, r, 1).builds();
        if (builds.isEmpty()) {
            throw new ApiException(404, "no build of commit " + r, null);
        }
        return builds.get(0).id();
    }

    /**
     * {@code GET /status?ref=}; when a commit has no build the server can name, and this is a checkout of an untracked
     * repository, the answer is the server's "PROJECT/repo is not tracked by Ocelot", the same words as everywhere.
     */
    protected StatusReply status(OcelotClient client, String ref, int limit) {
        try {
            return client.status(ref, limit);
        } catch (ApiException e) {
            if (e.status() == 404 && HASH.matcher(ref).matches()) {
                GitOrigin.originRepository(workingDirectory()).ifPresent(origin -> client.status(origin, 1));
            }
            throw e;
        }
    }

    /** A list size: 1 to {@value UserApi#MAX_LIMIT}, checked before asking (a mistake is a usage error, exit 2). */
    protected static int limit(int asked) {
        if (asked < 1 || asked > UserApi.MAX_LIMIT) {
            throw new UsageException("--limit must be between 1 and " + UserApi.MAX_LIMIT + ", not " + asked);
        }
        return asked;
    }

    /** 0 passed, 4 queued/running, 1 otherwise. */
    public static int exitFor(ApiBuildState state) {
        return switch (state) {
            case PASSED -> OK;
            case QUEUED, RUNNING -> RUNNING;
            default -> FAILED;
        };
    }

    protected static List<List<String>> rows(List<BuildSummary> builds, Output out, long now) {
        // a .ocelot/NAME.yml build is "#12 image"; ocelot.yml's stays "#12"
        return builds.stream().map(b -> List.of("#" + b.id() + (b.namedPipeline() ? " " + b.pipeline() : ""),
                out.state(b.state()), b.repository(),
                b.branch() == null ? (b.pullRequestId() == null ? "-" : "PR " + b.pullRequestId()) : b.branch(),
                b.commit().substring(0, Math.min(10, b.commit().length())),
                b.trigger().toLowerCase() + (b.triggeredBy() == null ? "" : " by " + b.triggeredBy()),
                Output.duration(b.durationMillis(now)))).toList();
    }

    protected static final List<String> BUILD_HEADER = List.of("BUILD", "STATE", "REPOSITORY", "BRANCH", "COMMIT", "TRIGGER", "DURATION");
}

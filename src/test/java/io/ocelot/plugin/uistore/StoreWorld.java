package io.ocelot.plugin.uistore;

import io.ocelot.core.Json;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.Shell;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole plugin outside Bitbucket for the store-backed user layer: {@link PluginHarness} (real AO on HSQLDB, real
 * services, werker and user REST on one Jersey server), real git repositories pushed from a working copy, a werker
 * speaking the protocol over HTTP, and users with tokens: admin (global ADMIN), writer (REPO_WRITE on PROJ/app),
 * reader (REPO_READ on PROJ/app).
 */
final class StoreWorld implements AutoCloseable {
    static final RepositoryName APP = new RepositoryName("PROJ", "app");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final PluginHarness h;
    final InMemoryUserPermissions users = new InMemoryUserPermissions()
            .user("admin", "t-admin").user("writer", "t-writer").user("reader", "t-reader")
            .admin("admin")
            .grant("writer", APP, RepoPermission.REPO_WRITE).grant("reader", APP, RepoPermission.REPO_READ);

    static final OcelotConfig FAST = new OcelotConfig().with(Duration.ofMillis(300), Duration.ofMillis(50),
            Duration.ofSeconds(20));

    StoreWorld() {
        this(FAST);
    }

    StoreWorld(OcelotConfig config) {
        h = PluginHarness.start(PluginHarness.options().users(users).config(config));
    }

    /** A git repository PROJ/slug (bare, where the harness reads it) and a working copy that pushes to it. */
    final class Repo {
        final RepositoryRef ref;
        final Path bare;
        final Path work;

        Repo(String project, String slug) {
            try {
                ref = h.repository(project, slug);
                bare = h.repositoryDir(ref);
                Files.createDirectories(bare);
                Shell.git(bare, "init", "-q", "--bare", "--initial-branch=main");
                work = Files.createTempDirectory("ocelot-work");
                Shell.git(work, "init", "-q", "--initial-branch=main");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Commits {@code files} (path, content, ...) on the current branch; returns the hash. */
        String commit(String message, String... files) {
            try {
                for (int i = 0; i < files.length; i += 2) {
                    Files.writeString(work.resolve(files[i]), files[i + 1]);
                }
                Shell.git(work, "add", "-A");
                Shell.git(work, "commit", "-q", "--allow-empty", "-m", message);
                return Shell.git(work, "rev-parse", "HEAD");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Pushes HEAD to {@code branch} and delivers the push event; returns the new tip. */
        String push(String branch) {
            String previous = Shell.gitOrNull(bare, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch);
            String tip = Shell.git(work, "rev-parse", "HEAD");
            Shell.git(work, "push", "-q", "-f", bare.toString(), "HEAD:refs/heads/" + branch);
            h.push(ref, branch, previous, tip);
            return tip;
        }

        void checkout(String branch) {
            Shell.git(work, "checkout", "-q", "-B", branch);
        }
    }

    Repo repo(String project, String slug) {
        return new Repo(project, slug);
    }

    // ---- the user API over HTTP ----

    HttpResponse<String> api(String method, String path, String token, String body) {
        return send(HttpRequest.newBuilder(URI.create(h.userApiUrl() + path)), method, "Authorization",
                token == null ? null : "Bearer " + token, body);
    }

    <T> T apiOk(Class<T> type, String method, String path, String token, String body) {
        HttpResponse<String> r = api(method, path, token, body);
        if (r.statusCode() != 200) {
            throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.read(r.body(), type);
    }

    // ---- a werker over HTTP ----

    final class Werker {
        final String token;
        final long id;

        Werker(String name, String... labels) {
            this(h.registrationSecret(), name, List.of(labels));
        }

        Werker(String registrationSecret, String name, List<String> labels) {
            HttpResponse<String> registered = register(registrationSecret, name, labels.toArray(String[]::new));
            if (registered.statusCode() != 200) {
                throw new AssertionError("register answered " + registered.statusCode() + ": " + registered.body());
            }
            Messages.RegisterResponse r = Json.read(registered.body(), Messages.RegisterResponse.class);
            token = r.token();
            id = r.werkerId();
        }

        /** A werker call as is, for its status: {@code path} below the werker API, e.g. "/poll". */
        HttpResponse<String> call(String path, Object body) {
            return werkerCall(token, path, body);
        }

        /** The raw JSON of the job the poll gave, or empty when none came within the (short) poll hold. */
        Optional<String> pollJson() {
            HttpResponse<String> r = werkerCall(token, "/poll", new Messages.PollRequest(Protocol.VERSION, 1, List.of()));
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        }

        Messages.Job poll() {
            return Json.read(pollJson().orElseThrow(() -> new AssertionError("no job for the werker")), Messages.Job.class);
        }

        void stage(Messages.Job job, int index, StageStatus status, Integer exitCode, String message) {
            ok(werkerCall(token, "/builds/" + job.buildId() + "/stage", new Messages.StageUpdate(job.lease(), index,
                    job.plan().stages().get(index).name(), status, exitCode, System.currentTimeMillis(), 10, message)));
        }

        long log(Messages.Job job, long offset, int stage, Messages.LogStream stream, byte[] data) {
            return Json.read(ok(werkerCall(token, "/builds/" + job.buildId() + "/log",
                    new Messages.LogAppend(job.lease(), offset, stage, stream, data))).body(), Messages.LogAck.class).offset();
        }

        Messages.HeartbeatReply heartbeat(Messages.Job job) {
            return Json.read(ok(werkerCall(token, "/builds/" + job.buildId() + "/heartbeat",
                    new Messages.Heartbeat(job.lease(), 0))).body(), Messages.HeartbeatReply.class);
        }

        void finish(Messages.Job job, BuildResult result, String message, long logLength) {
            Messages.FinishReply reply = Json.read(ok(werkerCall(token, "/builds/" + job.buildId() + "/finish",
                    new Messages.FinishRequest(job.lease(), result, message, logLength))).body(), Messages.FinishReply.class);
            if (!reply.accepted()) {
                throw new AssertionError("finish refused: the plugin holds " + reply.logOffset() + " log bytes");
            }
        }

        private HttpResponse<String> ok(HttpResponse<String> r) {
            if (r.statusCode() / 100 != 2) {
                throw new AssertionError("werker call answered " + r.statusCode() + ": " + r.body());
            }
            return r;
        }
    }

    Werker werker(String name, String... labels) {
        return new Werker(name, labels);
    }

    /** A werker's register call with this secret, as is. */
    HttpResponse<String> register(String registrationSecret, String name, String... labels) {
        return werkerCall(null, "/register", new Messages.RegisterRequest(Protocol.VERSION, registrationSecret, name,
                List.of(labels), 2, "test"));
    }

    private HttpResponse<String> werkerCall(String token, String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(h.werkerUrl() + path)), "POST", Protocol.WERKER_TOKEN_HEADER, token,
                Json.write(body));
    }

    /** {@code header: credential} when the credential is not null (a user's bearer token, a werker's token). */
    private static HttpResponse<String> send(HttpRequest.Builder b, String method, String header, String credential,
                                             String body) {
        b.timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (credential != null) {
            b.header(header, credential);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        h.close();
    }
}

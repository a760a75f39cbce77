package io.ocelot.plugin.testkit;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.bitbucket.BitbucketChangesets;
import io.ocelot.plugin.bitbucket.BitbucketEscalation;
import io.ocelot.plugin.bitbucket.BitbucketRepositoryDirectory;
import io.ocelot.plugin.bitbucket.BitbucketRepositoryFiles;
import io.ocelot.plugin.bitbucket.BitbucketRepositoryRefs;
import io.ocelot.plugin.bitbucket.BitbucketInsightsPublisher;
import io.ocelot.plugin.bitbucket.BitbucketStatusPublisher;
import io.ocelot.plugin.bitbucket.BitbucketUserPermissions;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.clone.CloneUrlTemplate;
import io.ocelot.plugin.clone.CloneUrls;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.crypto.FileSecretKeySource;
import io.ocelot.plugin.repo.Changesets;
import io.ocelot.plugin.repo.RepositoryDirectory;
import io.ocelot.plugin.repo.RepositoryFiles;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositoryRefs;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.status.BuildLinks;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.store.LogStore;
import io.ocelot.plugin.trigger.BuildPlanner;
import io.ocelot.plugin.trigger.CoreBuildPlanner;
import io.ocelot.plugin.trigger.PlanOutcome;
import io.ocelot.plugin.ui.UserPermissions;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Ocelot plugin running outside Bitbucket, for tests up to end-to-end: a real AO database (HSQLDB, memory or
 * file), every real service, the werker REST resource served by Jersey on the JDK HTTP server (127.0.0.1, free
 * port), and Bitbucket-shaped events delivered into the real event listener. Bitbucket itself is {@link
 * #bitbucket()}, as strict as the real one (private repositories, AuthorisationException without a user or an
 * escalation), reached only through the plugin's REAL adapters (files, changesets, refs, directory, build statuses,
 * user permissions); {@link #statuses()} records what it accepted. Repositories are real git repositories under
 * {@link #reposRoot()} ({@code <root>/<PROJECT>/<slug>.git}), read with the git command and cloned by werkers over
 * {@code file://}. The user REST API (what the pages and the {@code ocelot} CLI
 * use) is served on the same server at {@link #userApiUrl()}, over the same store, with {@link #users()} standing
 * in for Bitbucket's users and personal access tokens.
 *
 * <pre>
 * try (PluginHarness h = PluginHarness.start("jdbc:hsqldb:mem:e2e")) {
 *     RepositoryRef repo = h.enableRepository("PROJ", "repo");     // then create h.repositoryDir(repo) with git
 *     // werker: ocelot werker start --url h.baseUrl() --secret h.registrationSecret() ...
 *     h.push(repo, "main", null, commit);
 *     BuildStatus done = h.statuses().awaitFinal(commit, 60_000);
 * }
 * </pre>
 */
public final class PluginHarness implements AutoCloseable {
    private final TestDatabase db;
    private final PluginServices services;
    private final RecordingStatusPublisher statuses;
    private final RecordingInsightsPublisher insights;
    private final FakeBitbucket bitbucket;
    private final Path reposRoot;
    private final boolean ownReposRoot;
    private final boolean ownDb;
    private final Path keyDir;
    private final boolean ownKeyDir;
    private final String registrationSecret;
    private final InMemoryUserPermissions users;
    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final HarnessPages pages;
    private final Map<String, RepositoryRef> repositories = new ConcurrentHashMap<>();
    private final AtomicInteger nextRepoId = new AtomicInteger(1);
    private final List<Path> workCopies = new CopyOnWriteArrayList<>();
    private volatile String baseUrl;

    /** Options; every one has a default. */
    public static final class Options {
        String dbUrl;
        TestDatabase database;
        Path home;
        Path reposRoot;
        OcelotConfig config = new OcelotConfig();
        Clock clock = Clock.systemUTC();
        BuildPlanner planner = new CoreBuildPlanner();
        RepositoryFiles files;
        Changesets changesets;
        CloneUrls cloneUrls;
        InMemoryUserPermissions users;
        int port;
        String registrationSecret;
        boolean pages;

        public Options dbUrl(String url) { this.dbUrl = url; return this; }
        public Options reposRoot(Path root) { this.reposRoot = root; return this; }
        /** This database (another node's too): the caller closes it, not the harness. */
        public Options database(TestDatabase d) { this.database = d; return this; }
        /**
         * Bitbucket's shared home (the secret key lives there), kept when the harness closes: the nodes of a cluster
         * share it, as Data Center nodes share theirs. Default: a temporary one of this harness.
         */
        public Options sharedHome(Path dir) { this.home = dir; return this; }
        public Options config(OcelotConfig c) { this.config = c; return this; }
        public Options clock(Clock c) { this.clock = c; return this; }
        public Options planner(BuildPlanner p) { this.planner = p; return this; }
        /** Instead of reading ocelot.yml from git repositories under the repos root. */
        public Options files(RepositoryFiles f) { this.files = f; return this; }
        public Options changesets(Changesets c) { this.changesets = c; return this; }
        /**
         * For the werker-endpoint tests: every push plans these stages of {@code ocelot/busybox} ({@link
         * Fixture#plan}, not the ocelot.yml parser) over one commit "msg" that changes a.txt; ocelot.yml from files.
         */
        public Options handPlanned(RepositoryFiles f, String... stages) {
            this.files = f;
            this.changesets = (r, since, until) -> new Changeset(List.of("msg"), List.of("a.txt"));
            this.planner = (pipeline, name, content, event) -> new PlanOutcome.Planned(Fixture.plan("ocelot/busybox", null,
                    stages));
            return this;
        }
        public Options cloneUrls(CloneUrls u) { this.cloneUrls = u; return this; }
        /** Bitbucket's users for the user REST API (default: none, so every call is anonymous until you add some). */
        public Options users(InMemoryUserPermissions u) { this.users = u; return this; }
        /** Serve on this port (default 0: a free one) — a restarted plugin must be where its werkers left it. */
        public Options port(int p) { this.port = p; return this; }
        /** Keep this registration secret (a restart) instead of generating a new one. */
        public Options registrationSecret(String secret) { this.registrationSecret = secret; return this; }
        /** Also serve the page servlets (settings, builds, admin) at {@link #pagesUrl()}, over the same store. */
        public Options pages(boolean on) { this.pages = on; return this; }
    }

    public static Options options() {
        return new Options();
    }

    /** In-memory or file database URL ({@code jdbc:hsqldb:mem:x} / {@code jdbc:hsqldb:file:/path}). */
    public static PluginHarness start(String dbUrl) {
        return start(options().dbUrl(dbUrl));
    }

    public static PluginHarness start(Options o) {
        return new PluginHarness(o);
    }

    private PluginHarness(Options o) {
        try {
            this.ownReposRoot = o.reposRoot == null;
            this.reposRoot = o.reposRoot != null ? o.reposRoot : Files.createTempDirectory("ocelot-repos");
            this.ownKeyDir = o.home == null;
            this.keyDir = o.home != null ? o.home : Files.createTempDirectory("ocelot-shared-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.ownDb = o.database == null;
        this.db = o.database != null ? o.database : o.dbUrl == null ? TestDatabase.fresh() : TestDatabase.open(o.dbUrl);
        this.users = o.users != null ? o.users : new InMemoryUserPermissions();
        // Bitbucket as strict as the real one: private repositories, permission-checked services, no user on
        // Ocelot's own threads. The plugin reaches it only through its real adapters, as in Bitbucket.
        this.bitbucket = new FakeBitbucket(users, this::repositoryDir,
                (project, slug) -> Files.isDirectory(repositoryDir(project, slug)) ? repository(project, slug) : null);
        BitbucketEscalation escalation = new BitbucketEscalation(bitbucket.securityService());
        this.statuses = new RecordingStatusPublisher(new BitbucketStatusPublisher(bitbucket.buildStatusService(),
                bitbucket.repositoryService(), escalation));
        RepositoryFiles files = o.files != null ? o.files
                : new BitbucketRepositoryFiles(bitbucket.contentService(), bitbucket.repositoryService(), escalation);
        Changesets changesets = o.changesets != null ? o.changesets
                : new BitbucketChangesets(bitbucket.commitService(), bitbucket.repositoryService(), escalation);
        RepositoryRefs refs = new BitbucketRepositoryRefs(bitbucket.commitService(), bitbucket.refService(),
                bitbucket.repositoryService(), escalation);
        RepositoryDirectory directory = new BitbucketRepositoryDirectory(bitbucket.repositoryService());
        UserPermissions userPermissions = new BitbucketUserPermissions(bitbucket.authenticationContext(),
                bitbucket.permissionService(), bitbucket.repositoryService(), bitbucket.projectService());
        CloneUrls cloneUrls = o.cloneUrls != null ? o.cloneUrls
                : new CloneUrlTemplate(reposRoot.toUri().toString().replaceAll("/$", "") + "/{PROJECT}/{slug}.git");
        BuildLinks links = b -> baseUrl + BuildLinks.pagePath(b);
        this.insights = new RecordingInsightsPublisher(new BitbucketInsightsPublisher(bitbucket.insightReportService(),
                bitbucket.insightAnnotationService(), bitbucket.repositoryService(), escalation));
        this.services = new PluginServices(db.ao(), files, changesets, o.planner, statuses, links, cloneUrls,
                new FileSecretKeySource(keyDir), o.clock, o.config, directory, refs, insights);
        if (o.registrationSecret != null) {
            services.registry.setRegistrationSecret(o.registrationSecret);
            this.registrationSecret = o.registrationSecret;
        } else {
            this.registrationSecret = services.registry.generateRegistrationSecret();
        }
        services.reaper.nodeStarted(); // what OcelotLifecycle.onStart does in Bitbucket
        this.httpThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ocelot-http");
            t.setDaemon(true);
            return t;
        });
        // One Jersey application at /rest/ocelot/1.0, as in Bitbucket: the werker resource and the user API, behind
        // a stand-in for Bitbucket's authentication (tokens → users; an unknown bearer token refused with 401).
        // Bitbucket's XSRF check and the servlet request (the caller's address) are stood in for as well.
        ResourceConfig rc = new ResourceConfig().register(services.resource)
                .register(new BitbucketAuthenticationFilter(users, bitbucket))
                .register(BitbucketXsrfCheck.class)
                .register(CallerAddress.binder());
        services.userResources(userPermissions).forEach(rc::register);
        try {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", o.port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpContext context = server.createContext("/rest/ocelot/1.0", ContainerFactory.createContainer(HttpHandler.class, rc));
        context.getFilters().add(CallerAddress.filter());
        server.setExecutor(httpThreads);
        server.start();
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        this.pages = o.pages ? new HarnessPages(services, userPermissions, users, bitbucket) : null;
    }

    /**
     * Where the page servlets are served (option {@code pages(true)}): {@code pagesUrl() +
     * "/plugins/servlet/ocelot/projects/PROJ/repos/repo/builds"}, {@code pagesUrl() + "/plugins/servlet/ocelot-admin"}.
     */
    public String pagesUrl() {
        if (pages == null) {
            throw new IllegalStateException("the harness serves no pages: start it with options().pages(true)");
        }
        return pages.baseUrl;
    }

    /** The Bitbucket base URL (werkers append {@link Protocol#BASE_PATH}). */
    public String baseUrl() {
        return baseUrl;
    }

    /** {@code baseUrl() + Protocol.BASE_PATH}. */
    public String werkerUrl() {
        return baseUrl + Protocol.BASE_PATH;
    }

    /** The user REST API base ({@code baseUrl() + "/rest/ocelot/1.0"}), what the {@code ocelot} CLI talks to. */
    public String userApiUrl() {
        return baseUrl + io.ocelot.core.api.UserApi.BASE;
    }

    /**
     * Bitbucket's users and grants for the user REST API: add users with tokens and grants, then call with
     * {@code Authorization: Bearer <token>}. Grants name repositories as users do ({@code new
     * io.ocelot.plugin.ui.RepositoryName("PROJ", "repo")}).
     */
    public InMemoryUserPermissions users() {
        return users;
    }

    /** The strict Bitbucket the plugin's adapters talk to (refusals, the statuses it received, public repos). */
    public FakeBitbucket bitbucket() {
        return bitbucket;
    }

    public String registrationSecret() {
        return registrationSecret;
    }

    public Path reposRoot() {
        return reposRoot;
    }

    public Path repositoryDir(RepositoryRef repo) {
        return repositoryDir(repo.projectKey(), repo.slug());
    }

    private Path repositoryDir(String project, String slug) {
        return reposRoot.resolve(project).resolve(slug + ".git");
    }

    /** Turns Ocelot on for the repository (ids are handed out 1, 2, ...); it is private in Bitbucket. */
    public RepositoryRef enableRepository(String projectKey, String slug) {
        return configure(RepositorySettings.enabledWithDefaults(repository(projectKey, slug)));
    }

    public RepositoryRef configure(RepositorySettings settings) {
        services.repositorySettings.save(settings);
        return settings.repository();
    }

    public RepositoryRef repository(String projectKey, String slug) {
        RepositoryRef ref = repositories.computeIfAbsent(projectKey + "/" + slug,
                k -> new RepositoryRef(nextRepoId.getAndIncrement(), projectKey, slug));
        bitbucket.add(ref); // Bitbucket knows it from now on (private, as repositories are by default)
        return ref;
    }

    /**
     * A real git repository for {@code repo} where this harness's Bitbucket reads it, with a working copy to commit
     * and push from (deleted when the harness closes). The repository must not have one yet.
     */
    public HarnessRepository gitRepository(RepositoryRef repo) {
        try {
            Path work = Files.createTempDirectory("ocelot-work");
            workCopies.add(work);
            return new HarnessRepository(this, repo, work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Delivers a Bitbucket push event (branch {@code from} → {@code to}; from null = new branch) to the real event
     * listener and waits until the trigger work is done; returns the builds of {@code to} then stored.
     */
    public List<Build> push(RepositoryRef repo, String branch, String from, String to) {
        services.listener.onRefsChanged(BitbucketEvents.push(repo, "admin", branch, from, to));
        awaitTriggers();
        return builds().byCommitPrefix(repo.id(), to, 50);
    }

    public void awaitTriggers() {
        try {
            if (!services.triggerQueue.awaitIdle(30_000)) {
                throw new IllegalStateException("triggers still running after 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The Code Insights reports published, through the real adapter into {@link #bitbucket()}. */
    public RecordingInsightsPublisher insights() {
        return insights;
    }

    public RecordingStatusPublisher statuses() {
        return statuses;
    }

    public BuildStore builds() {
        return services.builds;
    }

    /** Alias of {@link #builds()}. */
    public BuildStore store() {
        return services.builds;
    }

    public LogStore logs() {
        return services.logs;
    }

    public PluginServices services() {
        return services;
    }

    public TestDatabase database() {
        return db;
    }

    /** Runs the lease reaper once (Bitbucket's scheduler does it every few seconds). */
    public void reap() {
        services.reaper.run();
    }

    @Override
    public void close() {
        if (pages != null) {
            pages.close();
        }
        server.stop(0);
        httpThreads.shutdownNow();
        try {
            httpThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        services.close();
        if (ownDb) {
            db.close();
        }
        if (ownKeyDir) {
            deleteQuietly(keyDir);
        }
        workCopies.forEach(PluginHarness::deleteQuietly);
        if (ownReposRoot) {
            deleteQuietly(reposRoot);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            TestFiles.deleteTree(dir);
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}

package io.ocelot.werker.agent;

import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Messages.RegisterResponse;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.werker.agent.client.Backoff;
import io.ocelot.werker.agent.client.PluginCallException;
import io.ocelot.werker.agent.client.ServerContact;
import io.ocelot.werker.agent.client.WerkerClient;
import io.ocelot.werker.agent.spool.BuildSpool;
import io.ocelot.werker.engine.shell.StageUser;
import io.ocelot.werker.engine.HumanDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The build agent behind {@code ocelot werker start}: registers (once), then long-polls the plugin for work whenever a
 * build slot is free and the disk is above its floor, runs each leased build as a {@link BuildSession}, and on
 * {@link #shutdown} drains: no new work, running builds finish (or are handed back to the plugin for another werker
 * after the drain timeout), everything
 * is delivered, and it stops. Start-up reaps the leftovers of a previous run; garbage collection runs periodically.
 */
public final class Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    /** How long cancelled builds get to stop before the drain stops waiting for them (on top of the grace). */
    private static final Duration CANCEL_MARGIN = Duration.ofSeconds(30);

    private final AgentConfig cfg;
    private final EngineParts engine;
    private final LongSupplier freeDisk;
    private final WerkerClient client;
    private final ServerContact contact = new ServerContact();
    private final AgentMetrics metrics;
    private final TokenStore tokens;
    private final ExecutorService buildThreads;
    private final ExecutorService deliveryThreads;
    private final ScheduledExecutorService scheduler;
    private final BuildSession.Context context;
    private final Map<Long, BuildSession> sessions = new ConcurrentHashMap<>();
    private final CountDownLatch exited = new CountDownLatch(1);
    private final Object lock = new Object();
    private int activeRuns; // guarded by lock
    private volatile boolean draining;
    private volatile String drainReason;
    private volatile String diskProblem;
    /** Why the werker's disk filled up under a build ({@code /health}); cleared when the disk has room again. */
    private volatile String diskFullProblem;
    private volatile long diskFullAtNanos;
    private volatile int exitCode = 0;
    private boolean gcFailing; // only the scheduler thread
    private StatusServer status;
    private Thread mainThread;

    /**
     * @param engines makes the engine from the werker's settings (see {@link AgentWiring})
     * @throws Exception when the engine cannot be had (its message says why)
     */
    public Agent(AgentConfig cfg, EngineFactory engines) throws Exception {
        this(cfg, engines, () -> cfg.workDir().toFile().getUsableSpace());
    }

    /** {@code freeDisk}: usable bytes in the work directory (tests substitute it to cross the floor). */
    Agent(AgentConfig cfg, EngineFactory engines, LongSupplier freeDisk) throws Exception {
        this.cfg = cfg;
        this.freeDisk = freeDisk;
        this.tokens = new TokenStore(cfg.workDir());
        this.metrics = new AgentMetrics(this::runningCount, this::spoolPendingBytes, freeDisk);
        this.engine = engines.create(new RunnerSettings(cfg.name(), cfg.labels(), cfg.buildsDir(), cfg.dockerHost(),
                cfg.grace(), metrics::dockerError, cfg.stageUser(), cfg.diskFloorBytes(), cfg.buildLimits(),
                cfg.imageLedger(), cfg.imageBudgetBytes()));
        this.client = new WerkerClient(cfg.apiBase(), cfg.timings().connectTimeout(),
                cfg.timings().callTimeout(), cfg.timings().pollTimeout(), cfg.maxBuilds());
        this.buildThreads = Executors.newFixedThreadPool(cfg.maxBuilds(), named("build"));
        this.deliveryThreads = Executors.newCachedThreadPool(named("deliver"));
        this.scheduler = Executors.newScheduledThreadPool(Math.min(4, cfg.maxBuilds() + 1), named("heartbeat"));
        this.context = new BuildSession.Context(cfg.name(), engine.runner(), client, cfg.timings(), contact, metrics,
                buildThreads, deliveryThreads, scheduler, this::diskFull);
    }

    /** Starts the status server (if a port is set) and the agent's main thread; returns at once. */
    public void start() throws IOException {
        if (cfg.metricsPort() > 0) {
            status = new StatusServer(cfg.metricsPort(), metrics, this::healthProblems);
            LOG.info("metrics and health on port {}", status.port());
        }
        if (!cfg.labels().isEmpty()) {
            announceStageUser();
        }
        mainThread = new Thread(this::mainLoop, "ocelot-werker");
        mainThread.start();
    }

    /** Host-shell (machineTag) builds can come to a werker with labels: say who their stages run as. */
    private void announceStageUser() {
        StageUser u = cfg.stageUser();
        if (u == null) {
            LOG.warn("host-shell (machineTag) stages run as this werker's own user: they can read its token and "
                    + "work dir and act as this werker; run the werker as root with --stage-user");
            return;
        }
        LOG.info("host-shell (machineTag) stages run as user {}", u);
        if (u.name().equals("nobody")) {
            LOG.warn("no --stage-user and no user {}: host-shell stages run as 'nobody', which other services may "
                    + "share; create a dedicated user {}", AgentConfig.DEFAULT_STAGE_USER, AgentConfig.DEFAULT_STAGE_USER);
        }
        u.cannotReach(cfg.buildsDir()).ifPresent(why -> LOG.warn("host-shell builds will fail here: {}", why));
    }

    /** Graceful stop (SIGTERM, first Ctrl-C): no new work, let running builds finish up to the drain timeout. */
    public void shutdown(String why) {
        if (draining) {
            return;
        }
        drainReason = why;
        draining = true;
        LOG.info("{}: stopping: no new work; {} running build(s) may finish within {}", why, runningCount(),
                cfg.drainTimeout());
        client.abortPolls();
        wakeUp();
    }

    /** Immediate stop (second Ctrl-C): cancel running builds now (the engine still gives each its grace). */
    public void cancelNow(String why) {
        shutdown(why);
        for (BuildSession s : sessions.values()) {
            if (s.isRunning()) {
                LOG.info("build {}: cancelling ({})", s.buildId(), why);
                s.cancel("cancelled on the werker: " + why);
            }
        }
    }

    /** Blocks until the agent has stopped; returns the process exit code (0, or 3 when it could not work at all). */
    public int awaitExit() throws InterruptedException {
        exited.await();
        return exitCode;
    }

    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return exited.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitCode() {
        return exitCode;
    }

    /** The status server's port (useful when it was chosen by the system), or 0 when off. */
    public int statusPort() {
        return status == null ? 0 : status.port();
    }

    AgentConfig config() {
        return cfg;
    }

    /** Why {@code /health} is 503: empty when healthy. */
    public List<String> healthProblems() {
        List<String> problems = new ArrayList<>();
        if (draining) {
            problems.add("draining: " + (drainReason == null ? "stopping" : drainReason));
        }
        String disk = diskProblem;
        if (disk != null) {
            problems.add(disk);
        }
        String full = diskFullProblem;
        if (full != null) {
            problems.add("disk full: " + full);
        }
        Duration away = contact.unreachableFor();
        if (away.compareTo(cfg.timings().unreachableHealthAfter()) > 0) {
            problems.add("server unreachable for " + away.toSeconds() + " s: " + contact.lastError());
        }
        return problems;
    }

    // ---- main loop ----

    private void mainLoop() {
        try {
            if (authenticate()) {
                startUpHousekeeping();
                long gc = cfg.gcInterval().toMillis();
                scheduler.scheduleWithFixedDelay(this::collectGarbage, gc, gc, TimeUnit.MILLISECONDS);
                pollLoop();
            }
        } catch (Fatal e) {
            LOG.error(e.getMessage());
            exitCode = 3;
            shutdown("cannot continue");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the werker failed", e);
            exitCode = 3;
            shutdown("werker error");
        } finally {
            try {
                drain();
            } finally {
                close();
                exited.countDown();
            }
        }
    }

    /** Uses the configured or saved token, or registers with the secret and saves the token it gets. */
    private boolean authenticate() throws InterruptedException {
        String token = cfg.token();
        String source = "the configured token";
        if (token == null) {
            try {
                token = tokens.read().orElse(null);
            } catch (IOException e) {
                throw new Fatal("cannot read " + tokens.file() + ": " + e.getMessage());
            }
            source = "the token saved in " + tokens.file();
        }
        if (token == null) {
            token = register();
            if (token == null) {
                return false; // stopped before the plugin answered
            }
        } else {
            LOG.info("werker '{}' using {} against {}", cfg.name(), source, cfg.server());
        }
        if (System.getenv(AgentConfig.ENV_REGISTRATION_SECRET) != null) {
            // A process cannot change the environment it was started with: the secret stays in
            // /proc/<pid>/environ (readable by this user and root) until the werker is restarted without it.
            LOG.warn("{} is set but no longer needed (this werker has its token): remove it from the werker's "
                    + "environment before the next start", AgentConfig.ENV_REGISTRATION_SECRET);
        }
        client.token(token);
        return true;
    }

    private String register() throws InterruptedException {
        Backoff backoff = new Backoff(cfg.timings().backoffInitial(), cfg.timings().backoffMax());
        RegisterRequest request = new RegisterRequest(Protocol.VERSION, cfg.registrationSecret(), cfg.name(),
                cfg.labels(), cfg.maxBuilds(), WerkerClient.version());
        while (!draining) {
            try {
                RegisterResponse r = client.register(request);
                contact.reached();
                if (r.token() == null || r.token().isBlank()) {
                    throw new Fatal("registration answered without a token");
                }
                try {
                    tokens.save(r.token());
                } catch (IOException e) {
                    throw new Fatal("registered as werker " + r.werkerId() + " but cannot save its token to "
                            + tokens.file() + ": " + e.getMessage());
                }
                LOG.info("registered as werker {} ('{}') with {}; token saved to {}", r.werkerId(), cfg.name(),
                        cfg.server(), tokens.file());
                return r.token();
            } catch (PluginCallException e) {
                if (e.kind() == PluginCallException.Kind.REFUSED || e.kind() == PluginCallException.Kind.LEASE_LOST) {
                    throw new Fatal("registration refused by " + cfg.server() + ": " + e.getMessage()
                            + (e.status() == 401 || e.status() == 403 ? " (check OCELOT_REGISTRATION_SECRET)" : ""));
                }
                if (contact.failed(e.getMessage())) {
                    LOG.warn("cannot register yet, plugin unreachable ({}); retrying", e.getMessage());
                }
                sleep(backoff.next());
            }
        }
        return null;
    }

    private void pollLoop() throws InterruptedException {
        Backoff backoff = new Backoff(cfg.timings().backoffInitial(), cfg.timings().backoffMax());
        LOG.info("werker '{}' taking work (max {} build(s) at once, labels {})", cfg.name(), cfg.maxBuilds(), cfg.labels());
        while (!draining) {
            if (!diskAboveFloor()) {
                sleep(cfg.timings().diskCheckInterval());
                continue;
            }
            int free = awaitFreeSlots();
            if (free == 0) {
                continue; // draining
            }
            if (diskFullProblem != null) { // the build that just freed the slot found the disk full
                continue;
            }
            long asked = System.nanoTime();
            try {
                Optional<Job> job = client.poll(new PollRequest(Protocol.VERSION, free, heldBuildIds()));
                if (contact.reached()) {
                    LOG.info("plugin reachable again");
                }
                backoff.reset();
                if (job.isPresent()) {
                    if (draining) {
                        LOG.warn("build {} leased while stopping: not running it; the plugin requeues it when the lease expires",
                                job.get().buildId());
                    } else {
                        start(job.get(), Duration.ofNanos(System.nanoTime() - asked));
                    }
                }
            } catch (PluginCallException e) {
                if (draining) {
                    break;
                }
                if (e.kind() == PluginCallException.Kind.REFUSED) {
                    throw new Fatal("the plugin refused this werker's poll: " + e.getMessage()
                            + (e.status() == 401 || e.status() == 403
                            ? " — the werker token was revoked or is unknown; register the werker again"
                            : ""));
                }
                if (contact.failed(e.getMessage())) {
                    LOG.warn("plugin unreachable ({}); running builds go on and spool; retrying", e.getMessage());
                }
                sleep(backoff.next());
            }
        }
    }

    private void start(Job job, Duration pollTime) {
        metrics.buildLeased(job.queuedMillis() != null ? job.queuedMillis() : pollTime.toMillis());
        LOG.info("leased build {} attempt {}: {} {} @ {}", job.buildId(), job.lease().attempt(), job.repository(),
                job.branch(), job.commit());
        BuildSpool spool;
        try {
            spool = BuildSpool.create(cfg.spoolDir(), job);
        } catch (IOException | RuntimeException e) {
            LOG.error("build {}: cannot create its spool ({}); not running it — the plugin requeues it when the lease expires",
                    job.buildId(), e.toString());
            if (BuildSpool.noSpace(e)) { // this build's attempt is lost, but no more are taken here
                diskFull("build " + job.buildId() + ": cannot create its spool in " + cfg.spoolDir()
                        + " (No space left on device)");
            }
            return;
        }
        synchronized (lock) {
            activeRuns++;
        }
        BuildSession session = BuildSession.leased(context, job, spool, this::runFinished);
        track(session);
    }

    private void track(BuildSession session) {
        sessions.put(session.buildId(), session);
        session.done().whenComplete((v, t) -> {
            sessions.remove(session.buildId(), session);
            wakeUp();
        });
    }

    private void runFinished() {
        synchronized (lock) {
            activeRuns--;
            lock.notifyAll();
        }
    }

    /** Waits for a free build slot; returns the number free, or 0 when draining. */
    private int awaitFreeSlots() throws InterruptedException {
        synchronized (lock) {
            while (!draining && activeRuns >= cfg.maxBuilds()) {
                lock.wait(1000);
            }
            return draining ? 0 : cfg.maxBuilds() - activeRuns;
        }
    }

    /** A build ended because the disk is full: out of rotation until the disk has room (checked after a pause). */
    private void diskFull(String why) {
        diskFullAtNanos = System.nanoTime();
        diskFullProblem = why;
        LOG.warn("disk full: {}; not taking work until there is room again", why);
    }

    private boolean diskAboveFloor() {
        if (diskFullProblem != null) {
            // one check interval at least: the full build's own spool and workspace are still being cleaned up
            if (System.nanoTime() - diskFullAtNanos < cfg.timings().diskCheckInterval().toNanos()) {
                return false;
            }
            long free = freeDisk.getAsLong();
            if (free < Math.max(cfg.diskFloorBytes(), io.ocelot.werker.engine.BuildEngine.MIN_DISK_FULL_BYTES)) {
                return false;
            }
            LOG.info("disk has room again ({} free); taking work again", Units.formatBytes(free));
            diskFullProblem = null;
        }
        long free = freeDisk.getAsLong();
        if (free < cfg.diskFloorBytes()) {
            if (diskProblem == null) {
                LOG.warn("disk space low: {} free in {}, below the floor of {}; not taking work until there is more",
                        Units.formatBytes(free), cfg.workDir(), Units.formatBytes(cfg.diskFloorBytes()));
            }
            diskProblem = "disk below floor: " + Units.formatBytes(free) + " free in " + cfg.workDir() + " < "
                    + Units.formatBytes(cfg.diskFloorBytes());
            return false;
        }
        if (diskProblem != null) {
            LOG.info("disk space back above the floor ({} free); taking work again", Units.formatBytes(free));
            diskProblem = null;
        }
        return true;
    }

    // ---- housekeeping ----

    /**
     * Spools of builds that finished before the werker stopped are delivered. A build that was still running is
     * gone with its container: it is reported in the log, its spool is dropped, and it is not in this werker's
     * {@code running} list, so the plugin requeues it (its lease expires; a plugin may act sooner on the list).
     */
    private void startUpHousekeeping() {
        Set<Long> interrupted = new TreeSet<>();
        for (BuildSpool spool : BuildSpool.recover(cfg.spoolDir())) {
            if (spool.isFinished()) {
                LOG.info("build {} finished before the werker stopped but was not delivered; delivering it now",
                        spool.buildId());
                track(BuildSession.recovered(context, spool));
            } else {
                interrupted.add(spool.buildId());
                spool.delete();
            }
        }
        try {
            interrupted.addAll(engine.reaper().removeLeftovers(cfg.name(), Set.of()));
        } catch (RuntimeException e) {
            metrics.dockerError();
            LOG.warn("cannot remove leftover containers at start-up: {}", e.toString());
        }
        if (!interrupted.isEmpty()) {
            LOG.warn("build(s) {} were interrupted when this werker stopped; leftovers removed; the plugin requeues "
                    + "them when their leases expire", interrupted);
        }
    }

    private void collectGarbage() {
        Set<Long> running = new TreeSet<>();
        sessions.values().stream().filter(BuildSession::isRunning).forEach(s -> running.add(s.buildId()));
        boolean failed = false;
        try {
            Set<Long> found = engine.reaper().removeLeftovers(cfg.name(), running);
            if (!found.isEmpty()) {
                LOG.warn("removed leftover containers of build(s) {} that no running build owns", found);
            }
        } catch (RuntimeException e) {
            failed = true;
            gcFailed("removing leftover containers", e);
        }
        try {
            engine.pruner().pruneImages(cfg.pruneImagesAfter());
        } catch (RuntimeException e) {
            failed = true;
            gcFailed("pruning images unused for " + cfg.pruneImagesAfter(), e);
        }
        if (!failed && gcFailing) {
            gcFailing = false;
            LOG.info("garbage collection works again");
        }
    }

    /** Counted every time, logged once per run of failures: a dead daemon would otherwise fill the log. */
    private void gcFailed(String what, RuntimeException e) {
        metrics.dockerError();
        if (!gcFailing) {
            gcFailing = true;
            LOG.warn("garbage collection: {} failed: {} (not repeated until it works again)", what, e.toString());
        }
    }

    // ---- drain ----

    private void drain() {
        draining = true;
        Duration drainTimeout = cfg.drainTimeout();
        if (runningCount() > 0) {
            LOG.info("draining: waiting up to {} for {} running build(s)", drainTimeout, runningCount());
            if (!waitFor(() -> runningCount() == 0, drainTimeout)) {
                // handed back, not cancelled: the build did nothing wrong and another werker can run it now
                LOG.warn("drain timeout: handing {} running build(s) back to the plugin", runningCount());
                String why = "shut down with the build still running (drain timeout "
                        + HumanDuration.format(drainTimeout) + ")";
                sessions.values().forEach(s -> s.handBack(why));
                if (!waitFor(() -> runningCount() == 0, cfg.grace().plus(CANCEL_MARGIN))) {
                    LOG.error("{} build(s) did not stop after cancel; exiting anyway", runningCount());
                }
            }
        }
        if (!sessions.isEmpty()) {
            LOG.info("delivering {} build(s) before exit", sessions.size());
            if (!waitFor(sessions::isEmpty, cfg.timings().deliveryTimeout())) {
                LOG.warn("plugin unreachable: {} build(s) not delivered; their spools stay in {} and are delivered at the next start",
                        sessions.size(), cfg.spoolDir());
                sessions.values().forEach(BuildSession::stopDelivery);
                waitFor(sessions::isEmpty, Duration.ofSeconds(5));
            }
        }
        LOG.info("werker '{}' stopped", cfg.name());
    }

    private boolean waitFor(BooleanSupplier condition, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!condition.getAsBoolean()) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    lock.wait(Math.max(1, Math.min(left / 1_000_000, 200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return condition.getAsBoolean();
                }
            }
            return true;
        }
    }

    private void close() {
        scheduler.shutdownNow();
        buildThreads.shutdownNow();
        deliveryThreads.shutdownNow();
        client.close();
        if (status != null) {
            status.stop();
        }
    }

    private void sleep(Duration d) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        synchronized (lock) {
            long left;
            while (!draining && (left = until - System.nanoTime()) > 0) {
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private void wakeUp() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private long runningCount() {
        synchronized (lock) {
            return activeRuns;
        }
    }

    private long spoolPendingBytes() {
        return sessions.values().stream().mapToLong(BuildSession::pendingBytes).sum();
    }

    private List<Long> heldBuildIds() {
        return sessions.keySet().stream().sorted().toList();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A problem that stops the werker (exit 3): refused registration, revoked token. */
    private static final class Fatal extends RuntimeException {
        Fatal(String message) {
            super(message);
        }
    }
}

package io.ocelot.werker.agent;

import io.ocelot.werker.agent.client.ServerContact;
import io.ocelot.werker.agent.client.WerkerClient;
import io.ocelot.werker.engine.HumanDuration;
import io.ocelot.werker.engine.shell.StageUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The build agent behind {@code ocelot werker start}: registers once ({@link Registration}), then long-polls the
 * plugin for work whenever a build slot is free and the disk is above its floor ({@link PollLoop}, {@link BuildSlots},
 * {@link DiskWatch}), runs each leased build as a {@link BuildSession}, and on {@link #shutdown} drains: no new work,
 * running builds finish (or are handed back to the plugin for another werker after the drain timeout), everything
 * is delivered, and it stops. Start-up reaps the leftovers of a previous run; garbage collection runs periodically
 * ({@link Housekeeping}). This class wires those parts and owns the werker's life: start, stop, drain, exit code.
 */
public final class Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    /** How long cancelled builds get to stop before the drain stops waiting for them (on top of the grace). */
    private static final Duration CANCEL_MARGIN = Duration.ofSeconds(30);

    private final AgentConfig cfg;
    private final EngineParts engine;
    private final WerkerClient client;
    private final ServerContact contact = new ServerContact();
    private final AgentMetrics metrics;
    private final ExecutorService buildThreads;
    private final ExecutorService deliveryThreads;
    private final ScheduledExecutorService scheduler;
    private final BuildSlots slots;
    private final DiskWatch disk;
    private final Registration registration;
    private final Housekeeping housekeeping;
    private final PollLoop pollLoop;
    private final CountDownLatch exited = new CountDownLatch(1);
    private volatile String drainReason;
    private volatile int exitCode = 0;
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
        this.slots = new BuildSlots(cfg.maxBuilds());
        this.disk = new DiskWatch(cfg, freeDisk);
        this.metrics = new AgentMetrics(slots::runningCount, slots::spoolPendingBytes, freeDisk);
        this.engine = engines.create(new RunnerSettings(cfg.name(), cfg.labels(), cfg.buildsDir(),
                cfg.dockerHost(), cfg.grace(), metrics::dockerError, cfg.stageUser(), cfg.diskFloorBytes(),
                cfg.buildLimits(), cfg.imageLedger(), cfg.imageBudgetBytes(), cfg.cacheDir(), cfg.cacheMaxBytes(),
                cfg.parallelStages(), cfg.readyContainer()));
        this.client = new WerkerClient(cfg.apiBase(), cfg.timings().connectTimeout(),
                cfg.timings().callTimeout(), cfg.timings().pollTimeout(), cfg.maxBuilds());
        this.buildThreads = Executors.newFixedThreadPool(cfg.maxBuilds(), named("build"));
        this.deliveryThreads = Executors.newCachedThreadPool(named("deliver"));
        this.scheduler = Executors.newScheduledThreadPool(Math.min(4, cfg.maxBuilds() + 1), named("heartbeat"));
        BuildSession.Context context = new BuildSession.Context(cfg.name(), engine.runner(), client, cfg.timings(),
                contact, metrics, buildThreads, deliveryThreads, scheduler, disk::diskFull);
        this.registration = new Registration(cfg, client, contact, new TokenStore(cfg.workDir()), slots);
        this.housekeeping = new Housekeeping(cfg, engine, metrics, slots, context);
        this.pollLoop = new PollLoop(cfg, client, contact, metrics, slots, disk, context);
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
        if (slots.draining()) {
            return;
        }
        drainReason = why;
        slots.stopTaking();
        LOG.info("{}: stopping: no new work; {} running build(s) may finish within {}", why, slots.runningCount(),
                cfg.drainTimeout());
        client.abortPolls();
        slots.wakeUp();
    }

    /** Immediate stop (second Ctrl-C): cancel running builds now (the engine still gives each its grace). */
    public void cancelNow(String why) {
        shutdown(why);
        slots.cancelRunning(why);
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
        if (slots.draining()) {
            problems.add("draining: " + (drainReason == null ? "stopping" : drainReason));
        }
        disk.addProblems(problems);
        Duration away = contact.unreachableFor();
        if (away.compareTo(cfg.timings().unreachableHealthAfter()) > 0) {
            problems.add("server unreachable for " + away.toSeconds() + " s: " + contact.lastError());
        }
        return problems;
    }

    private void mainLoop() {
        try {
            if (registration.authenticate()) {
                housekeeping.atStartUp();
                long gc = cfg.gcInterval().toMillis();
                scheduler.scheduleWithFixedDelay(housekeeping::collectGarbage, gc, gc, TimeUnit.MILLISECONDS);
                pollLoop.run();
            }
        } catch (FatalProblem e) {
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

    private void drain() {
        slots.stopTaking();
        Duration drainTimeout = cfg.drainTimeout();
        if (slots.runningCount() > 0) {
            LOG.info("draining: waiting up to {} for {} running build(s)", drainTimeout, slots.runningCount());
            if (!slots.waitFor(() -> slots.runningCount() == 0, drainTimeout)) {
                // handed back, not cancelled: the build did nothing wrong and another werker can run it now
                LOG.warn("drain timeout: handing {} running build(s) back to the plugin", slots.runningCount());
                String why = "shut down with the build still running (drain timeout "
                        + HumanDuration.format(drainTimeout) + ")";
                slots.sessions().forEach(s -> s.handBack(why));
                if (!slots.waitFor(() -> slots.runningCount() == 0, cfg.grace().plus(CANCEL_MARGIN))) {
                    LOG.error("{} build(s) did not stop after cancel; exiting anyway", slots.runningCount());
                }
            }
        }
        if (!slots.noSessions()) {
            LOG.info("delivering {} build(s) before exit", slots.sessionCount());
            if (!slots.waitFor(slots::noSessions, cfg.timings().deliveryTimeout())) {
                LOG.warn("plugin unreachable: {} build(s) not delivered; their spools stay in {} and are delivered at the next start",
                        slots.sessionCount(), cfg.spoolDir());
                slots.sessions().forEach(BuildSession::stopDelivery);
                slots.waitFor(slots::noSessions, Duration.ofSeconds(5));
            }
        }
        LOG.info("werker '{}' stopped", cfg.name());
    }

    private void close() {
        try {
            engine.close().run(); // after the drain: no build uses what the engine kept
        } catch (RuntimeException e) {
            LOG.warn("could not remove what the engine kept between builds: {}", e.toString());
        }
        scheduler.shutdownNow();
        buildThreads.shutdownNow();
        deliveryThreads.shutdownNow();
        client.close();
        if (status != null) {
            status.stop();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package io.ocelot.bench;

import io.ocelot.e2e.DockerCli;
import io.ocelot.e2e.E2eRig;
import io.ocelot.e2e.WerkerProcess;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.TestFiles;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The e2e kit's {@link E2eRig} used outside JUnit: one rig per benchmark, so every benchmark gets the same clean-up
 * as an end-to-end test (werkers stopped, no container left, temporary directory removed). On top of it, what a
 * long-running main needs and a test does not: a JVM shutdown hook that stops the werkers and removes their
 * containers and the directory when the runner is interrupted (Ctrl-C, SIGTERM, a timeout).
 */
final class BenchRig {
    private static final Set<WerkerProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Path> ROOTS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(BenchRig::emergencyCleanUp, "bench-cleanup"));
    }

    private final E2eRig rig;
    private final Set<WerkerProcess> mine = ConcurrentHashMap.newKeySet();

    private BenchRig(E2eRig rig) {
        this.rig = rig;
    }

    interface Body<T> {
        T run(BenchRig rig) throws Exception;
    }

    /** Runs {@code body} inside a fresh rig; everything it started is stopped and removed afterwards. */
    @SuppressWarnings("unchecked")
    static <T> T within(String name, Body<T> body) throws Exception {
        E2eRig e2e = new E2eRig();
        BenchRig bench = new BenchRig(e2e);
        Object[] result = new Object[1];
        Statement s = e2e.apply(new Statement() {
            @Override
            public void evaluate() throws Throwable {
                ROOTS.add(e2e.root());
                try {
                    result[0] = body.run(bench);
                } finally {
                    ROOTS.remove(e2e.root());
                    keepWerkerLogs(name, e2e.root());
                }
            }
        }, Description.createSuiteDescription(name));
        try {
            s.evaluate();
        } catch (Exception e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t.getMessage(), t);
        } finally {
            LIVE.removeAll(bench.mine); // the rig has stopped them
        }
        return (T) result[0];
    }

    Path root() {
        return rig.root();
    }

    Path dir(String name) {
        return rig.dir(name);
    }

    /** The plugin with Bitbucket's own timings (poll held 25 s, re-check 2 s, lease 20 s), repositories in the rig. */
    PluginHarness plugin(OcelotConfig config) {
        return rig.plugin(PluginHarness.options().config(config).reposRoot(rig.dir("repos")));
    }

    PluginHarness plugin(PluginHarness.Options options) {
        return rig.plugin(options);
    }

    /**
     * A repository whose default branch is {@code main} (its bare HEAD points there, as in Bitbucket), so Buildbot
     * can clone the same bare repository the werkers clone.
     */
    BenchRepo repo(PluginHarness h, String project, String slug) {
        RepositoryRef ref = h.enableRepository(project, slug);
        return new BenchRepo(h, ref, rig.git(h, ref));
    }

    /**
     * The benchmarked werker's JVM flags: as the shipped launcher runs it ({@code java -jar}, the JVM's defaults, so
     * the C2 compiler too: the e2e tests' C1-only flag is a test-speed choice, not what an operator runs) plus a heap
     * cap, so P5's heap figures have a ceiling to be read against, and the serial collector the earlier figures were
     * measured with (the JVM's own choice here would be G1: it takes G1 from 2 processors and 1792 MB up).
     */
    static final List<String> WERKER_JVM = List.of("-Xmx192m", "-XX:+UseSerialGC");

    /** Starts a real werker ({@code ocelot werker start}, {@link #WERKER_JVM}) and waits until it asks for work. */
    WerkerProcess werker(PluginHarness h, String shortName, int maxBuilds, String... labels) throws InterruptedException {
        WerkerProcess.Spec base = rig.werker(h, shortName);
        WerkerProcess.Spec spec = new WerkerProcess.Spec(base.name(), base.serverUrl(), base.registrationSecret(),
                base.workDir(), List.of(labels), maxBuilds, base.grace(), List.of(), WERKER_JVM);
        WerkerProcess w = rig.start(spec);
        LIVE.add(w);
        mine.add(w);
        return w.awaitTakingWork();
    }

    /** With OCELOT_BENCH_KEEP_LOGS=DIR, the werkers' output is copied to DIR/NAME-*.log before the rig removes it. */
    private static void keepWerkerLogs(String name, Path root) {
        String keep = System.getenv("OCELOT_BENCH_KEEP_LOGS");
        if (keep == null || keep.isBlank()) {
            return;
        }
        try (Stream<Path> logs = Files.list(root)) {
            Path dest = Files.createDirectories(Path.of(keep));
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                Files.copy(log, dest.resolve(name + "-" + log.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Out.progress("cannot keep the werker logs: " + e);
        }
    }

    private static void emergencyCleanUp() {
        for (WerkerProcess w : LIVE) {
            if (w.isAlive()) {
                System.err.println("bench: stopping werker " + w.name());
                w.process().destroy();
            }
        }
        for (WerkerProcess w : LIVE) {
            try {
                w.process().waitFor(15, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                break;
            }
            w.close();
            try {
                DockerCli.removeAll("ocelot.werker=" + w.name());
            } catch (RuntimeException e) {
                System.err.println("bench: " + e.getMessage());
            }
        }
        for (Path root : ROOTS) {
            System.err.println("bench: removing " + root);
            try {
                TestFiles.deleteTree(root);
            } catch (IOException | RuntimeException e) {
                System.err.println("bench: could not remove " + root + ": " + e);
            }
        }
    }
}

package io.ocelot.plugin.testkit;

import io.ocelot.plugin.config.OcelotConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One more plugin node of a cluster test, in a JVM of its own (started with the test classpath): a {@link
 * PluginHarness} on an existing PostgreSQL database, the shared home and the shared repositories of the first node,
 * its reaper run by a scheduler as Bitbucket does on every node. Nothing is shared with the first node but the
 * database and the files, as between Data Center nodes.
 * <pre>
 * java -cp CLASSPATH io.ocelot.plugin.testkit.PluginNodeMain DB_URL HOME REPOS_ROOT HOLD_MS RECHECK_MS LEASE_MS REAP_MS
 *      PROJECT/slug...
 * </pre>
 * The registration secret comes in the environment ({@value #SECRET_VARIABLE}), never on the command line.
 * The repositories are named in the order the first node handed out their ids, so both give them the same ids.
 * Prints {@value #READY} and the node's base URL once it serves, and each call Bitbucket refused it (a line starting
 * with {@value #REFUSED}); stops when its standard input closes (the test ended) or when it is killed.
 */
public final class PluginNodeMain {
    public static final String READY = "ocelot node serving at ";
    public static final String REFUSED = "bitbucket refused: ";
    public static final String SECRET_VARIABLE = "OCELOT_REGISTRATION_SECRET";

    private PluginNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String secret = System.getenv(SECRET_VARIABLE);
        if (args.length < 7 || secret == null) {
            System.err.println("usage: " + SECRET_VARIABLE + "=... PluginNodeMain DB_URL HOME REPOS_ROOT HOLD_MS "
                    + "RECHECK_MS LEASE_MS REAP_MS PROJECT/slug...");
            System.exit(2);
        }
        OcelotConfig config = new OcelotConfig().with(ms(args[3]), ms(args[4]), ms(args[5]));
        TestDatabase db = TestDatabase.postgresqlExisting(args[0]);
        PluginHarness node = PluginHarness.start(PluginHarness.options().database(db).sharedHome(Path.of(args[1]))
                .reposRoot(Path.of(args[2])).registrationSecret(secret).config(config));
        for (int i = 7; i < args.length; i++) {
            String[] name = args[i].split("/", 2);
            node.repository(name[0], name[1]);
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        Set<String> reported = ConcurrentHashMap.newKeySet();
        long reap = Long.parseLong(args[6]);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                node.reap();
                for (String r : node.bitbucket().refusals()) {
                    if (reported.add(r)) {
                        System.out.println(REFUSED + r);
                    }
                }
            } catch (RuntimeException e) {
                System.out.println("reaper run failed: " + e);
            }
        }, reap, reap, TimeUnit.MILLISECONDS);
        System.out.println(READY + node.baseUrl());
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // the test holds our standard input open while it needs this node
            }
        } catch (IOException ignored) {
            // the parent is gone
        }
        scheduler.shutdownNow();
        node.close();
        db.close();
        System.exit(0);
    }

    private static Duration ms(String s) {
        return Duration.ofMillis(Long.parseLong(s));
    }
}

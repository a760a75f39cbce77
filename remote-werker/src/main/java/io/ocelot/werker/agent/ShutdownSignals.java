package io.ocelot.werker.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * SIGTERM and Ctrl-C for {@code ocelot werker start}. The handlers replace the JVM's default (which would run
 * shutdown hooks and exit 143/130) so the agent drains and the process exits 0 from its main thread.
 * SIGTERM and the first SIGINT drain; a second SIGINT cancels running builds now; a third exits at once.
 * {@code sun.misc.Signal} is the JDK's supported-in-practice API for this (module jdk.unsupported); where it is
 * missing, a shutdown hook drains instead (the exit code is then the JVM's).
 */
public final class ShutdownSignals {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private ShutdownSignals() {
    }

    public static void install(Agent agent) {
        AtomicInteger interrupts = new AtomicInteger();
        try {
            Signal.handle(new Signal("TERM"), s -> agent.shutdown("SIGTERM"));
            Signal.handle(new Signal("INT"), s -> {
                switch (interrupts.incrementAndGet()) {
                    case 1 -> {
                        agent.shutdown("SIGINT");
                        LOG.info("press Ctrl-C again to cancel running builds now");
                    }
                    case 2 -> agent.cancelNow("second SIGINT");
                    default -> Runtime.getRuntime().halt(130);
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            LOG.warn("cannot handle signals here ({}); draining from a shutdown hook instead", e.toString());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                agent.shutdown("shutdown");
                try {
                    agent.awaitExit();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }, "ocelot-werker-shutdown"));
        }
    }
}

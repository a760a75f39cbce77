package io.ocelot.werker.engine.shell;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A host-shell stage's stdout and stderr as named pipes of the werker's own rather than the JVM's process pipes.
 * When a child process exits, the JDK drains what its pipes hold and closes them (its process reaper does), so a line
 * that a process the stage left behind writes after the stage's shell ended would be lost, or not, depending on
 * timing. A named pipe stays open until the last process holding it lets go, which is what the executor's
 * leftover handling waits for. Opened by the JVM before the fork and inherited, so a stage user needs no access to it.
 */
final class StagePipes {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    final Path out;
    final Path err;

    private StagePipes(Path out, Path err) {
        this.out = out;
        this.err = err;
    }

    /** Two new named pipes in {@code dir} (created owner-only), or null when this host cannot make them. */
    static StagePipes make(Path dir) {
        long n = SEQUENCE.incrementAndGet();
        Path out = dir.resolve("stage-" + n + ".out");
        Path err = dir.resolve("stage-" + n + ".err");
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("mkfifo", "-m", "600", out.toString(), err.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return new StagePipes(out, err);
            }
            p.destroyForcibly();
        } catch (IOException e) {
            // no mkfifo: the JVM's pipes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Blocks until a writer has the pipe open (the stage's shell, or {@link #release}). */
    static InputStream openForReading(Path pipe) throws IOException {
        return new FileInputStream(pipe.toFile());
    }

    /**
     * After the pipes served their stage, or when its start failed: readers still waiting for a writer get end of
     * file (a writer that opens and closes), and the names go (open descriptors keep the pipes themselves).
     */
    void release(boolean readersMayWait) {
        for (Path p : new Path[]{out, err}) {
            if (readersMayWait) {
                try (FileOutputStream unblock = new FileOutputStream(p.toFile())) {
                    unblock.flush();
                } catch (IOException ignored) {
                    // gone already
                }
            }
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the build directory goes with the build
            }
        }
    }
}

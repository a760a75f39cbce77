package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.async.ResultCallback;
import io.ocelot.core.plan.ResourceLimits;
import io.ocelot.werker.engine.BuildError;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a stage that failed really failed, when the reason is the container rather than the script: the container
 * was killed or removed from outside, the kernel killed a process for want of memory, a fork hit the PIDs limit, or
 * the build wrote more than its disk limit. Docker's own {@code OOMKilled} covers only the container's main
 * process, not a stage's exec, so the cgroup's event counters are read from inside the container
 * ({@code oom_kill} in {@code memory.oom_control} / {@code memory.events}, {@code max} in {@code pids.events};
 * cgroup v1 and v2 paths, see https://www.kernel.org/doc/html/v6.1/admin-guide/cgroup-v2.html). They count for the
 * container's whole life, so each reading is compared with the previous one.
 */
final class StageDiagnosis {
    private static final String READ_COUNTERS = "cat /sys/fs/cgroup/memory/memory.oom_control /sys/fs/cgroup/memory.events "
            + "/sys/fs/cgroup/pids/pids.events /sys/fs/cgroup/pids.events 2>/dev/null; true";
    private static final Pattern OOM = Pattern.compile("(?m)^oom_kill (\\d+)");
    private static final Pattern PIDS_MAX = Pattern.compile("(?m)^max (\\d+)");

    private final DockerCalls calls;
    private final ResourceLimits limits;
    private long oomKills;
    private long forkFailures;

    StageDiagnosis(DockerCalls calls, ResourceLimits limits) {
        this.calls = calls;
        this.limits = limits;
    }

    /** A new container: its counters start again at zero. */
    void reset() {
        oomKills = 0;
        forkFailures = 0;
    }

    /** What a user should read instead of the bare exit code, or null when the script itself failed. */
    Verdict explain(String containerId, Integer exitCode, boolean diskExceeded, ContainerWatch.Kill endLeftovers)
            throws BuildError {
        Verdict gone = gone(containerId);
        if (gone != null) {
            return gone;
        }
        if (diskExceeded) {
            return new Verdict("disk limit: the build wrote more than " + ContainerLimits.bytes(limits.diskBytes())
                    + " (the workspace and everything else it wrote in the container); the stage was killed", false);
        }
        String counters;
        try {
            counters = read(containerId);
        } catch (DockerException | BuildError e) {
            // a container being killed can still look "running" for a moment after its processes died
            Verdict dying = goneWithin(containerId, 10);
            if (dying != null) {
                return dying;
            }
            if (limits.pids() == null) {
                return null;
            }
            // What the stage left running holds every PID, so not even a look can start (nor the next stage):
            // lift the limit for a moment to end those leftovers, then look.
            try {
                setPidsLimit(containerId, limits.pids() + 16);
                try {
                    endLeftovers.run();
                } finally {
                    setPidsLimit(containerId, limits.pids());
                }
                counters = read(containerId);
            } catch (DockerException | BuildError again) {
                return new Verdict("out of PIDs: the container could not even start a process to look (the build "
                        + "may run at most " + limits.pids() + " processes and threads at once)", false);
            }
        }
        long oom = max(OOM, counters);
        long forks = max(PIDS_MAX, counters);
        String why = null;
        if (oom > oomKills) {
            why = "out of memory: the kernel killed a process of the stage because the build reached its memory limit"
                    + (limits.memoryBytes() == null ? "" : " of " + ContainerLimits.bytes(limits.memoryBytes()));
        } else if (forks > forkFailures) {
            why = "out of PIDs: the stage could not start a process (fork failed) because the build may run at most "
                    + (limits.pids() == null ? "its limit of" : limits.pids()) + " processes and threads at once";
        }
        oomKills = oom;
        forkFailures = forks;
        if (why == null && exitCode != null && exitCode == 137) {
            // SIGKILL from nowhere in the build: maybe the container is being killed and still looks "running"
            return goneWithin(containerId, 5);
        }
        return why == null ? null : new Verdict(why, false);
    }

    /** The container-gone verdict, or null while it runs. */
    private Verdict gone(String containerId) throws BuildError {
        InspectContainerResponse.ContainerState state;
        try {
            state = calls.call("inspect the build container",
                    () -> calls.client().inspectContainerCmd(containerId).exec().getState());
        } catch (NotFoundException e) {
            return new Verdict("the build container was removed while the stage ran (by `docker rm -f` or a "
                    + "cleanup outside Ocelot)", true);
        }
        if (Boolean.TRUE.equals(state.getRunning())) {
            return null;
        }
        String how = Boolean.TRUE.equals(state.getOOMKilled()) ? "its main process was killed for want of memory"
                : "exit code " + state.getExitCodeLong() + " of its main process";
        return new Verdict("the build container stopped while the stage ran (" + how + "): it was killed or "
                + "stopped outside Ocelot (`docker kill`, `docker stop`, the Docker daemon restarting)", true);
    }

    private Verdict goneWithin(String containerId, int looks) throws BuildError {
        for (int i = 0; i < looks; i++) {
            Verdict v = gone(containerId);
            if (v != null) {
                return v;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private void setPidsLimit(String containerId, long pids) throws BuildError {
        calls.call("change the build container's PIDs limit",
                () -> calls.client().updateContainerCmd(containerId).withPidsLimit(pids).exec());
    }

    private String read(String containerId) throws BuildError {
        StringBuilder out = new StringBuilder();
        calls.call("read the build container's limit counters", () -> {
            String id = calls.client().execCreateCmd(containerId).withCmd("/bin/sh", "-c", READ_COUNTERS)
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            calls.client().execStartCmd(id).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame f) {
                    synchronized (out) {
                        out.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                    }
                }
            }).awaitCompletion();
            Long code = calls.client().inspectExecCmd(id).exec().getExitCodeLong();
            if (code == null || code != 0) {
                throw new BuildError("could not read the counters (exit " + code + ")");
            }
            return null;
        });
        synchronized (out) {
            return out.toString();
        }
    }

    private static long max(Pattern p, String text) {
        long best = 0;
        Matcher m = p.matcher(text);
        while (m.find()) {
            best = Math.max(best, Long.parseLong(m.group(1)));
        }
        return best;
    }

    /** {@code containerGone}: later stages need a new container. */
    record Verdict(String message, boolean containerGone) {
    }
}

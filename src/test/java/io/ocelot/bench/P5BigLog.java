package io.ocelot.bench;

import io.ocelot.e2e.E2eRig;
import io.ocelot.e2e.WerkerProcess;
import io.ocelot.core.build.StageMarker;
import io.ocelot.plugin.build.Artifact;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.LogChunk;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.Shell;

import java.util.ArrayList;
import java.util.List;

/**
 * P5: a stage printing 100 MB (1 000 000 lines of 100 'x', 100 999 999 bytes: fold puts no newline after the last
 * line, its input has none) in the busybox image, from
 * the push event to the final status — the log streamed by a real werker into the plugin's log store (AO on HSQLDB in
 * memory), checked byte count — and the werker's peak heap while it does it ({@link HeapSampler}). The plugin's
 * per-build log cap (50 MiB by default) is raised to 256 MiB here, else the store would keep 50 MiB and a banner.
 * Peer: {@code docker run -d} of the same command, {@code docker wait}, then {@code docker logs > /dev/null}.
 * Then, on the same plugin and werker, a stage writing a 200 MB artifact ({@value #ARTIFACT_BYTES} bytes): push to
 * final status with the upload, the stored file's size and SHA-256 checked, and the werker's peak heap again — the
 * upload streams from the workspace, so the heap stays far below the file's size.
 */
final class P5BigLog {
    static final long BYTES = 100_000_000L;
    static final String COMMAND = "head -c " + BYTES + " /dev/zero | tr '\\0' x | fold -w 100";
    static final long EXPECTED = BYTES + BYTES / 100 - 1; // a newline between every two lines of 100
    private static final long LOG_CAP = 256L * 1024 * 1024;
    static final long ARTIFACT_BYTES = 200_000_000L;

    private P5BigLog() {
    }

    static List<Row> run() throws Exception {
        List<Row> rows = new ArrayList<>();
        double[] ocelot = BenchRig.within("P5", rig -> {
            PluginHarness h = rig.plugin(new OcelotConfig().withLogCap(LOG_CAP));
            BenchRepo repo = rig.repo(h, "BENCH", "p5");
            repo.init(P1PushToStatus.dockerPipeline());
            WerkerProcess w = rig.werker(h, "p5", 1);
            repo.pushNewCommit(60_000); // warm-up: a cold path (class loading, JIT) would count seconds here
            repo.pipeline("image: " + E2eRig.IMAGE + "\nstages:\n  - name: print\n    script:\n      - " + COMMAND
                    + "\n");
            Out.progress("P5 ocelot: one build printing " + EXPECTED + " bytes");
            BenchRepo.Timed t;
            String heap;
            double peak;
            try (HeapSampler heapOf = new HeapSampler(w.process().pid(), 100)) {
                Thread.sleep(300); // a first sample: the idle werker
                t = repo.pushNewCommit(10 * 60_000);
                heap = heapOf.describe();
                peak = heapOf.maxUsedMiB();
            }
            Build b = t.build();
            long stored = stageBytes(h, b);
            if (stored != EXPECTED + 1 || b.logCapped()) {
                throw new IllegalStateException("the plugin holds " + stored + " stage log bytes of " + (EXPECTED + 1)
                        + (b.logCapped() ? " (capped)" : ""));
            }
            Out.detail(String.format("P5 ocelot: %s push→status, %d stage log bytes stored (%d in all), %.1f MB/s; "
                    + "werker (-Xmx192m, SerialGC): %s; phases (ms): %s", Stats.ms(t.ms()), stored, b.logLength(),
                    EXPECTED / 1e6 / (t.ms() / 1000), heap, t.phases(t.eventAtMillis() + t.ms())));
            double[] artifact = bigArtifact(h, repo, w);
            return new double[]{t.ms(), peak, artifact[0], artifact[1]};
        });

        Out.progress("P5 docker: run -d, wait, logs > /dev/null");
        long t0 = System.nanoTime();
        String id = Shell.check("docker", "run", "-d", "--label", "ocelot.bench=p5", E2eRig.IMAGE, "sh", "-c",
                COMMAND).trim();
        double logsMs;
        try {
            Shell.check("docker", "wait", id);
            long l0 = System.nanoTime();
            Process p = new ProcessBuilder("docker", "logs", id).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("docker logs failed");
            }
            logsMs = (System.nanoTime() - l0) / 1e6;
        } finally {
            Shell.run("docker", "rm", "-f", id);
        }
        double dockerMs = (System.nanoTime() - t0) / 1e6;
        Out.detail(String.format("P5 docker: run -d → wait → logs done %s (%.1f MB/s), of which docker logs %s",
                Stats.ms(dockerMs), EXPECTED / 1e6 / (dockerMs / 1000), Stats.ms(logsMs)));

        rows.add(Row.of("P5 100 MB stage log, push→status", ocelot[0], String.format("%s (%.1f MB/s)",
                Stats.ms(ocelot[0]), EXPECTED / 1e6 / (ocelot[0] / 1000)), dockerMs, String.format(
                "%s run+wait+logs (logs alone %s)", Stats.ms(dockerMs), Stats.ms(logsMs))));
        rows.add(Row.alone("P5 werker peak heap (-Xmx192m)", String.format("%.0f MiB", ocelot[1]), "—"));
        rows.add(Row.alone("P5 200 MB artifact, push→status", String.format("%s (%.1f MB/s)", Stats.ms(ocelot[2]),
                ARTIFACT_BYTES / 1e6 / (ocelot[2] / 1000)), "—"));
        rows.add(Row.alone("P5 werker peak heap, 200 MB artifact", String.format("%.0f MiB", ocelot[3]), "—"));
        return rows;
    }

    /**
     * One build whose stage writes {@link #ARTIFACT_BYTES} zero bytes as its artifact: {push→status ms, peak heap MiB}.
     * The artifact the plugin keeps must be the whole file, byte for byte (its size and SHA-256).
     */
    private static double[] bigArtifact(PluginHarness h, BenchRepo repo, WerkerProcess w) throws Exception {
        repo.pipeline("image: " + E2eRig.IMAGE + "\nstages:\n  - name: package\n    artifacts: [big.bin]\n"
                + "    script:\n      - head -c " + ARTIFACT_BYTES + " /dev/zero > big.bin\n");
        Out.progress("P5 ocelot: one build uploading a " + ARTIFACT_BYTES + " byte artifact");
        BenchRepo.Timed t;
        String heap;
        double peak;
        try (HeapSampler heapOf = new HeapSampler(w.process().pid(), 100)) {
            Thread.sleep(300);
            t = repo.pushNewCommit(10 * 60_000);
            heap = heapOf.describe();
            peak = heapOf.maxUsedMiB();
        }
        Build b = t.build();
        Artifact kept = h.services().artifacts.find(b.id(), "big.bin")
                .orElseThrow(() -> new IllegalStateException("build " + b.id() + " kept no artifact big.bin"));
        String expected = zerosSha256(ARTIFACT_BYTES);
        if (kept.bytes() != ARTIFACT_BYTES || !expected.equals(kept.sha256())) {
            throw new IllegalStateException("the plugin kept " + kept.bytes() + " bytes, SHA-256 " + kept.sha256()
                    + "; the stage wrote " + ARTIFACT_BYTES + ", " + expected);
        }
        Out.detail(String.format("P5 ocelot: %s push→status with a %d byte artifact (%.1f MB/s); werker (-Xmx192m, "
                + "SerialGC): %s; phases (ms): %s", Stats.ms(t.ms()), ARTIFACT_BYTES, ARTIFACT_BYTES / 1e6 / (t.ms() / 1000),
                heap, t.phases(t.eventAtMillis() + t.ms())));
        return new double[]{t.ms(), peak};
    }

    private static String zerosSha256(long bytes) throws java.security.NoSuchAlgorithmException {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        for (long left = bytes; left > 0; left -= block.length) {
            sha.update(block, 0, (int) Math.min(block.length, left));
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The bytes the stages printed, as the plugin stored them (set-up lines — clone, container — excluded), without
     * the werker's stage marker lines ({@link StageMarker}) but with the newline it puts before the end marker when
     * the output did not end with one, as here: {@link #EXPECTED} + 1.
     */
    private static long stageBytes(PluginHarness h, Build b) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long from = 0;
        while (true) {
            List<LogChunk> chunks = h.logs().read(b.id(), b.attempt(), from, 50);
            if (chunks.isEmpty()) {
                return StageMarker.strip(out.toString(java.nio.charset.StandardCharsets.ISO_8859_1)).length();
            }
            for (LogChunk c : chunks) {
                if (c.stage() >= 0) {
                    out.writeBytes(c.data());
                }
            }
            from = chunks.get(chunks.size() - 1).end();
        }
    }
}

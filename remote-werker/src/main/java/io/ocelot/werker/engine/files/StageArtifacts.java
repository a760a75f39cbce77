package io.ocelot.werker.engine.files;

import io.ocelot.core.ByteSizes;

import io.ocelot.core.lang.ReportGlob;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.werker.engine.reports.ReportFiles;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Collects what a stage's {@code artifacts} globs match in the workspace and hands each regular file to the build's
 * {@link ArtifactSink}, straight from the workspace stream (a retried file is read again). Nothing here fails the
 * build: a file that cannot be kept is a log line. Once the sink refuses more (the build's cap, a lost lease) the
 * build's later stages offer nothing.
 */
final class StageArtifacts {
    private final ArtifactSink sink;
    /** Read by the stages of a graph at once. */
    private volatile boolean stopped;

    StageArtifacts(ArtifactSink sink) {
        this.sink = sink;
    }

    void collect(int index, PlannedStage stage, WorkspaceFiles files, Consumer<String> log) {
        if (stage.artifacts().isEmpty() || sink == null || files == null) {
            return;
        }
        if (stopped) {
            log.accept("artifacts: not collected (the build keeps no more artifacts)");
            return;
        }
        List<Pattern> patterns = stage.artifacts().stream().map(ReportGlob::compile).toList();
        Set<String> dirs = new LinkedHashSet<>();
        stage.artifacts().forEach(g -> dirs.add(ReportGlob.fixedPrefix(g)));
        Run run = new Run(index, stage.name(), patterns, files, log);
        for (String dir : dirs) {
            if (dirs.stream().anyMatch(d -> !d.equals(dir) && dir.startsWith(d))) {
                continue; // an enclosing directory is scanned anyway
            }
            if (stopped) {
                break;
            }
            try {
                files.scan(dir, run);
            } catch (IOException | RuntimeException e) {
                log.accept("artifacts: could not read '" + (dir.isEmpty() ? "." : dir) + "': " + e.getMessage());
            }
        }
        if (run.seen.isEmpty()) {
            log.accept("artifacts: no file matches " + stage.artifacts());
        } else {
            log.accept("artifacts: " + run.kept + " of " + run.seen.size() + (run.seen.size() == 1 ? " file" : " files")
                    + " kept (" + ByteSizes.human(run.bytes) + ")");
        }
    }

    private final class Run implements ReportFiles.Visitor {
        private final int index;
        private final String stageName;
        private final List<Pattern> patterns;
        private final WorkspaceFiles files;
        private final Consumer<String> log;
        private final Set<String> seen = new LinkedHashSet<>();
        private int kept;
        private long bytes;
        private long wantedSize;

        Run(int index, String stageName, List<Pattern> patterns, WorkspaceFiles files, Consumer<String> log) {
            this.index = index;
            this.stageName = stageName;
            this.patterns = patterns;
            this.files = files;
            this.log = log;
        }

        @Override
        public boolean wants(String path, long size) {
            boolean wanted = !stopped && !seen.contains(path)
                    && patterns.stream().anyMatch(p -> p.matcher(path).matches());
            if (wanted) {
                // read() follows at once for this path
                wantedSize = size;
            }
            return wanted;
        }

        @Override
        public void read(String path, InputStream in) {
            seen.add(path);
            long size = wantedSize;
            boolean[] first = {true};
            ArtifactSink.Content content = reader -> {
                if (first[0]) { // the stream the scan already has open
                    first[0] = false;
                    reader.read(in);
                } else if (!files.read(path, reader)) {
                    throw new IOException("the file is gone from the workspace");
                }
            };
            try {
                if (!sink.put(new ArtifactSink.Artifact(index, stageName, path, size), content, log)) {
                    stopped = true;
                    return;
                }
                kept++;
                bytes += size;
            } catch (IOException | RuntimeException e) {
                log.accept("artifacts: '" + path + "' not kept: " + e.getMessage());
            }
        }
    }
}

package io.ocelot.werker.engine.reports;

import io.ocelot.core.build.TestFailure;
import io.ocelot.core.build.TestReport;
import io.ocelot.core.lang.ReportGlob;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads the JUnit files a stage's globs match, within caps ({@link #MAX_FILES} files, {@link #MAX_FILE_BYTES} each,
 * {@link #MAX_TOTAL_BYTES} in all): a file over them, or one that does not parse, is a warning line in the build log
 * and the rest still counts. Nothing here fails the build: a report is information about the stage, not its result.
 */
public final class TestReportCollector {
    public static final int MAX_FILES = 500;
    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    public static final long MAX_TOTAL_BYTES = 64L * 1024 * 1024;
    private static final int MAX_WARNINGS = 20;
    /**
     * Characters of failure text kept per stage: with JSON's worst escaping (6 bytes a character) the stage update
     * stays well under the protocol's body limit ({@link io.ocelot.core.protocol.Protocol#MAX_BODY_BYTES}).
     */
    static final int MAX_FAILURE_CHARS = 256 * 1024;

    private TestReportCollector() {
    }

    /** The stage's results, or null when {@code globs} is empty; {@code log} takes the warning lines. */
    public static TestReport collect(List<String> globs, ReportFiles files, Consumer<String> log) {
        if (globs == null || globs.isEmpty()) {
            return null;
        }
        Run run = new Run(globs.stream().map(ReportGlob::compile).toList(), log);
        Set<String> dirs = new LinkedHashSet<>();
        globs.forEach(g -> dirs.add(ReportGlob.fixedPrefix(g)));
        for (String dir : dirs) {
            if (dirs.stream().anyMatch(d -> !d.equals(dir) && dir.startsWith(d))) {
                continue; // an enclosing directory is scanned anyway
            }
            try {
                files.scan(dir, run);
            } catch (IOException | RuntimeException e) {
                run.warn("could not read the test reports under '" + (dir.isEmpty() ? "." : dir) + "': " + e.getMessage());
            }
        }
        if (run.files == 0) {
            run.warn("no file matches the stage's JUnit globs " + globs);
        }
        TestReport r = new TestReport(run.passed, run.failed, run.skipped, run.failures, run.warnings);
        log.accept("tests: " + r.summary() + " (" + run.files + (run.files == 1 ? " report file)" : " report files)"));
        for (TestFailure f : r.failures()) {
            log.accept("failed: " + f.suite() + " > " + f.test() + ": " + JunitXmlParser.firstLine(f.message())
                    + (f.file() == null ? "" : " (" + f.file() + ":" + f.line() + ")"));
        }
        return r;
    }

    private static final class Run implements ReportFiles.Visitor, JunitXmlParser.Sink {
        private final List<Pattern> patterns;
        private final Consumer<String> log;
        private final Set<String> seen = new LinkedHashSet<>();
        private final List<TestFailure> failures = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private int files;
        private long bytes;
        private int passed;
        private int failed;
        private int skipped;
        private boolean tooMany;
        private long failureChars;

        Run(List<Pattern> patterns, Consumer<String> log) {
            this.patterns = patterns;
            this.log = log;
        }

        void warn(String line) {
            if (warnings.size() < MAX_WARNINGS) {
                warnings.add(line);
                log.accept("warning: " + line);
            }
        }

        @Override
        public boolean wants(String path, long size) {
            if (seen.contains(path) || patterns.stream().noneMatch(p -> p.matcher(path).matches())) {
                return false;
            }
            seen.add(path);
            if (files >= MAX_FILES) {
                if (!tooMany) {
                    tooMany = true;
                    warn("more than " + MAX_FILES + " report files match; the rest are not read");
                }
                return false;
            }
            if (size > MAX_FILE_BYTES) {
                warn("skipped the report " + path + ": " + size + " bytes, over the cap of " + MAX_FILE_BYTES);
                return false;
            }
            if (bytes + size > MAX_TOTAL_BYTES) {
                warn("skipped the report " + path + ": the reports of this stage are over the cap of "
                        + MAX_TOTAL_BYTES + " bytes in all");
                return false;
            }
            files++;
            bytes += size;
            return true;
        }

        @Override
        public void read(String path, InputStream in) {
            int p = passed;
            int f = failed;
            int s = skipped;
            int kept = failures.size();
            long chars = failureChars;
            try {
                JunitXmlParser.parse(new Capped(in, MAX_FILE_BYTES), this);
            } catch (JunitXmlParser.MalformedReport | RuntimeException e) {
                passed = p; // a file counts whole or not at all
                failed = f;
                skipped = s;
                failures.subList(kept, failures.size()).clear();
                failureChars = chars;
                warn("skipped the report " + path + ": " + e.getMessage());
            }
        }

        @Override
        public void passed() {
            passed++;
        }

        @Override
        public void skipped() {
            skipped++;
        }

        @Override
        public void failed(TestFailure failure) {
            failed++;
            long size = length(failure.suite()) + length(failure.test()) + length(failure.message())
                    + length(failure.trace()) + length(failure.file());
            if (failures.size() < TestReport.MAX_FAILURES && failureChars + size <= MAX_FAILURE_CHARS) {
                failures.add(failure);
                failureChars += size;
            }
        }
    }

    private static long length(String s) {
        return s == null ? 0 : s.length();
    }

    /** Stops reading past the cap, whatever size the file claimed (it may grow while it is read). */
    private static final class Capped extends FilterInputStream {
        private long left;

        Capped(InputStream in, long cap) {
            super(in);
            left = cap;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --left < 0) {
                throw new IOException("the file is over the cap of " + MAX_FILE_BYTES + " bytes");
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (left -= n) < 0) {
                throw new IOException("the file is over the cap of " + MAX_FILE_BYTES + " bytes");
            }
            return n;
        }

        @Override
        public void close() {
            // the caller owns the stream (a tar stream goes on after this entry)
        }
    }
}

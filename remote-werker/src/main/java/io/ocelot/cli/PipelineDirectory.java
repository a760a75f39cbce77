package io.ocelot.cli;

import io.ocelot.core.lang.PipelineFiles;
import io.ocelot.core.lang.Problem;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The pipeline files of a project directory, read as the plugin reads them from a commit: {@code ocelot.yml} and
 * {@code .ocelot/*.yml}, named and parsed by {@link PipelineFiles}. Problems name each file by the path the user
 * gave plus the file's place in the project ({@code proj/.ocelot/deploy.yml:3:5: ...}).
 */
final class PipelineDirectory {
    /** How deep under .ocelot/ to look: deeper files are reported as misplaced, not read as pipelines. */
    private static final int DEPTH = 3;

    private PipelineDirectory() {
    }

    /**
     * The directory's pipelines with every problem printed on {@code err}; null after printing why there are none
     * to read (a usage problem: the user named the wrong directory).
     */
    static PipelineFiles read(String command, Path dir, PrintWriter err) {
        Map<String, byte[]> files;
        try {
            files = files(dir);
        } catch (IOException | OutOfMemoryError e) {
            err.println("ocelot " + command + ": cannot read " + dir + ": " + e.getMessage());
            return null;
        }
        if (files.isEmpty()) {
            err.println("ocelot " + command + ": no pipeline files in " + dir + " (" + PipelineFiles.DEFAULT_FILE
                    + " or " + PipelineFiles.DIRECTORY + "/NAME" + PipelineFiles.EXTENSION + ")");
            return null;
        }
        PipelineFiles pipelines = PipelineFiles.read(files, path -> dir.resolve(path).toString());
        for (Problem p : pipelines.problems()) {
            err.println(p);
        }
        return pipelines;
    }

    /** Repository path ('/'-separated) → content of each file {@link PipelineFiles#isPipelinePath} accepts. */
    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Path root = dir.resolve(PipelineFiles.DEFAULT_FILE);
        if (Files.isRegularFile(root)) {
            out.put(PipelineFiles.DEFAULT_FILE, Files.readAllBytes(root));
        }
        Path named = dir.resolve(PipelineFiles.DIRECTORY);
        if (Files.isDirectory(named)) {
            List<Path> found;
            try (Stream<Path> s = Files.walk(named, DEPTH)) {
                found = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path p : found) {
                String path = PipelineFiles.DIRECTORY + "/" + named.relativize(p).toString().replace('\\', '/');
                if (PipelineFiles.isPipelinePath(path)) {
                    // a misplaced file is only named in an error: its content is not needed
                    out.put(path, path.indexOf('/', PipelineFiles.DIRECTORY.length() + 1) < 0
                            ? Files.readAllBytes(p) : new byte[0]);
                }
            }
        }
        return out;
    }
}

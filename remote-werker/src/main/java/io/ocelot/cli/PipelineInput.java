package io.ocelot.cli;

import io.ocelot.core.lang.ParseResult;
import io.ocelot.core.lang.PipelineFiles;
import io.ocelot.core.lang.PipelineParser;
import io.ocelot.core.plan.BuildPlan;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and parses the ocelot.yml a command was pointed at, for {@code validate} and {@code plan}. A file that
 * cannot be read at all is a usage problem (exit 2: the user named the wrong thing); a file that reads but is not
 * a valid pipeline is exit 1. Problems are printed one per line, errors and warnings alike, on stderr.
 */
final class PipelineInput {
    static final String DEFAULT_FILE = "ocelot.yml";

    private PipelineInput() {
    }

    /**
     * The pipeline a file is, from where it lies: {@code .ocelot/NAME.yml} is NAME, any other file the default
     * (a file given by path is often a copy or a draft, which is planned as the repository's ocelot.yml).
     */
    static String pipelineName(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        String name = file.getFileName().toString();
        if (parent != null && parent.getFileName() != null
                && parent.getFileName().toString().equals(PipelineFiles.DIRECTORY) && name.endsWith(PipelineFiles.EXTENSION)) {
            String pipeline = name.substring(0, name.length() - PipelineFiles.EXTENSION.length());
            if (PipelineFiles.NAME.matcher(pipeline).matches() && !pipeline.equals(BuildPlan.DEFAULT_PIPELINE)) {
                return pipeline;
            }
        }
        return BuildPlan.DEFAULT_PIPELINE;
    }

    /** The parse result, or null after printing why the file could not be read. */
    static ParseResult read(String command, Path file, PrintWriter err) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                err.println("ocelot " + command + ": " + file + " is a directory; give the path of an ocelot.yml");
                return null;
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            err.println("ocelot " + command + ": no such file: " + file
                    + (file.toString().equals(DEFAULT_FILE) ? " (run it in a repository, or give the file's path)" : ""));
            return null;
        } catch (IOException | OutOfMemoryError e) {
            err.println("ocelot " + command + ": cannot read " + file + ": " + e.getMessage());
            return null;
        }
        ParseResult r = PipelineParser.parse(file.toString(), bytes);
        if (!r.problems().isEmpty()) {
            err.println(r.report());
        }
        return r;
    }
}

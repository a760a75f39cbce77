package io.ocelot.plugin.trigger;

import io.ocelot.core.plan.BuildPlan;

import java.util.regex.Pattern;

/**
 * Where a repository's pipelines are and what they may be called: {@code ocelot.yml} is {@code default},
 * {@code .ocelot/NAME.yml} is {@code NAME}. A name is lower-case letters, digits, '.', '_' and '-', starting with a
 * letter or digit, at most {@link #MAX_LENGTH} characters: it becomes the build status key {@code ocelot:NAME}, so
 * it must be a word one can type in a Required-builds merge check and on the command line.
 */
public final class PipelineNames {
    public static final String DEFAULT_FILE = "ocelot.yml";
    public static final String DIRECTORY = ".ocelot";
    public static final String EXTENSION = ".yml";
    public static final int MAX_LENGTH = 64;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    /** Long enough to tell files apart, short enough for the pipeline column (255). */
    private static final int BAD_FILE_KEEP = 120;

    private PipelineNames() {
    }

    public static boolean valid(String name) {
        return name != null && name.length() <= MAX_LENGTH && NAME.matcher(name).matches();
    }

    /** Null when {@code name} may name a pipeline; otherwise why not, in words. */
    public static String problem(String name) {
        if (BuildPlan.DEFAULT_PIPELINE.equals(name)) {
            return "'" + name + "' is the pipeline of " + DEFAULT_FILE + "; give this file another name";
        }
        if (name.length() > MAX_LENGTH) {
            return "a pipeline name has at most " + MAX_LENGTH + " characters; this one has " + name.length();
        }
        if (!NAME.matcher(name).matches()) {
            return "a pipeline name is lower-case letters, digits, '.', '_' and '-', starting with a letter or digit";
        }
        return null;
    }

    /** The file of the pipeline {@code name}. */
    public static String pathOf(String name) {
        return BuildPlan.DEFAULT_PIPELINE.equals(name) ? DEFAULT_FILE : DIRECTORY + "/" + name + EXTENSION;
    }

    /**
     * The pipeline name of a build that reports a badly named file: its path, which starts with '.' and so is no
     * valid name (no pipeline's builds or status are mixed up with it) and tells the reader which file to rename.
     */
    public static String ofBadFile(String path) {
        return path.length() <= BAD_FILE_KEEP ? path : path.substring(0, BAD_FILE_KEEP);
    }
}

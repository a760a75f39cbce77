package io.ocelot.plugin.trigger;

import io.ocelot.core.lang.PipelineFiles;
import io.ocelot.core.plan.BuildPlan;

/**
 * The plugin's view of pipeline names: the rules are the core's ({@link PipelineFiles}: {@code ocelot.yml} is
 * {@code default}, {@code .ocelot/NAME.yml} is {@code NAME}); what is the plugin's own is the name a build of a
 * badly named file carries.
 */
public final class PipelineNames {
    public static final String DEFAULT_FILE = PipelineFiles.DEFAULT_FILE;
    public static final String DIRECTORY = PipelineFiles.DIRECTORY;
    public static final String EXTENSION = PipelineFiles.EXTENSION;
    public static final int MAX_LENGTH = PipelineFiles.MAX_NAME_LENGTH;
    /** Long enough to tell files apart, short enough for the pipeline column (255). */
    private static final int BAD_FILE_KEEP = 120;

    private PipelineNames() {
    }

    public static boolean valid(String name) {
        return name != null && (BuildPlan.DEFAULT_PIPELINE.equals(name) || PipelineFiles.nameProblem(name) == null);
    }

    /** Null when {@code name} may name a pipeline; otherwise why not, in words. */
    public static String problem(String name) {
        return PipelineFiles.nameProblem(name);
    }

    /** The file of the pipeline {@code name}. */
    public static String pathOf(String name) {
        return PipelineFiles.pathOf(name);
    }

    /**
     * The pipeline name of a build that reports a badly named file: its path, which starts with '.' and so is no
     * valid name (no pipeline's builds or status are mixed up with it) and tells the reader which file to rename.
     */
    public static String ofBadFile(String path) {
        return path.length() <= BAD_FILE_KEEP ? path : path.substring(0, BAD_FILE_KEEP);
    }
}

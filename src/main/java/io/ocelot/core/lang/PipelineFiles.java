package io.ocelot.core.lang;

import io.ocelot.core.plan.BuildPlan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The pipelines of one repository at one commit: {@code ocelot.yml} at the root is pipeline {@code default},
 * each {@code .ocelot/NAME.yml} is pipeline NAME. Given the files' paths (relative to the repository root, with
 * '/') and contents, however they were read (from Bitbucket at a commit, from a directory), this parses each and
 * names it. A file under {@code .ocelot/} that ends in {@code .yml} but cannot name a pipeline is an error naming
 * that file; other files there are ignored ({@code .yaml} with a warning, since it looks meant).
 */
public final class PipelineFiles {
    public static final String DEFAULT_FILE = "ocelot.yml";
    public static final String DIRECTORY = ".ocelot";
    public static final String EXTENSION = ".yml";
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    /** A name becomes the status key {@code ocelot:NAME}: short enough to type in a merge check. */
    public static final int MAX_NAME_LENGTH = 64;
    /** Pipelines per repository: each is planned on every push. */
    public static final int MAX_PIPELINES = 50;

    /** One pipeline file: its name, its path in the repository, and what parsing it gave. */
    public record Pipeline(String name, String path, ParseResult result) {
        public boolean isValid() {
            return result.isValid();
        }

        public PipelineFile file() {
            return result.pipeline();
        }
    }

    private final List<Pipeline> pipelines;
    private final List<Problem> naming;

    private PipelineFiles(List<Pipeline> pipelines, List<Problem> naming) {
        this.pipelines = List.copyOf(pipelines);
        this.naming = List.copyOf(naming);
    }

    /**
     * True for a path worth reading: {@code ocelot.yml}, or a file directly or deeper under {@code .ocelot/} whose
     * name ends in {@code .yml} or {@code .yaml} (the latter only to be warned about).
     */
    public static boolean isPipelinePath(String path) {
        return path.equals(DEFAULT_FILE) || (path.startsWith(DIRECTORY + "/")
                && (path.endsWith(EXTENSION) || path.endsWith(".yaml")));
    }

    /** {@link #read(Map, UnaryOperator)} with problems naming the repository paths. */
    public static PipelineFiles read(Map<String, byte[]> files) {
        return read(files, UnaryOperator.identity());
    }

    /**
     * Names and parses the pipeline files among {@code files} (path → content; other paths are ignored).
     * {@code shownAs} turns a repository path into the name problems carry (a command line shows the path it
     * was given).
     */
    public static PipelineFiles read(Map<String, byte[]> files, UnaryOperator<String> shownAs) {
        List<Problem> naming = new ArrayList<>();
        TreeMap<String, String> named = new TreeMap<>(Comparator.comparing((String n) -> !n.equals(BuildPlan.DEFAULT_PIPELINE))
                .thenComparing(Comparator.naturalOrder()));
        for (String path : new TreeMap<>(files).keySet()) {
            if (path.equals(DEFAULT_FILE)) {
                named.put(BuildPlan.DEFAULT_PIPELINE, path);
                continue;
            }
            if (!path.startsWith(DIRECTORY + "/")) {
                continue;
            }
            String rest = path.substring(DIRECTORY.length() + 1);
            if (rest.endsWith(".yaml") && !rest.contains("/")) {
                naming.add(warning(shownAs.apply(path), "ignored: pipeline files end in '" + EXTENSION
                        + "'; rename it to " + DIRECTORY + "/" + rest.substring(0, rest.length() - 5) + EXTENSION));
                continue;
            }
            if (!rest.endsWith(EXTENSION)) {
                continue;
            }
            String name = rest.substring(0, rest.length() - EXTENSION.length());
            String wrong = nameProblem(name);
            if (wrong != null) {
                naming.add(error(shownAs.apply(path), wrong));
            } else if (named.size() >= MAX_PIPELINES) {
                naming.add(error(shownAs.apply(path), "too many pipelines: a repository may have at most "
                        + MAX_PIPELINES + " (" + DEFAULT_FILE + " and " + DIRECTORY + "/*" + EXTENSION + "), because "
                        + "every one is planned on every push"));
            } else {
                named.put(name, path);
            }
        }
        List<Pipeline> out = new ArrayList<>();
        for (Map.Entry<String, String> e : named.entrySet()) {
            String path = e.getValue();
            out.add(new Pipeline(e.getKey(), path, PipelineParser.parse(shownAs.apply(path), files.get(path))));
        }
        return new PipelineFiles(out, naming);
    }

    /** Null when {@code name} (a file name under .ocelot/ without .yml) names a pipeline; otherwise why not. */
    public static String nameProblem(String name) {
        if (name.contains("/")) {
            return "pipeline files sit directly in " + DIRECTORY + "/, not in a directory below it";
        }
        if (name.equals(BuildPlan.DEFAULT_PIPELINE)) {
            return "'" + BuildPlan.DEFAULT_PIPELINE + "' is the pipeline of " + DEFAULT_FILE
                    + " at the repository root; give this file another name";
        }
        if (!NAME.matcher(name).matches() || name.length() > MAX_NAME_LENGTH) {
            return "'" + Abbreviate.text(name) + "' is not a pipeline name: the file's name without " + EXTENSION
                    + " names the pipeline, so use lower-case letters, digits, '.', '_' and '-', starting with a "
                    + "letter or digit (at most " + MAX_NAME_LENGTH + " characters)";
        }
        return null;
    }

    /** The file of the pipeline {@code name}, relative to the repository root. */
    public static String pathOf(String name) {
        return BuildPlan.DEFAULT_PIPELINE.equals(name) ? DEFAULT_FILE : DIRECTORY + "/" + name + EXTENSION;
    }

    private static Problem error(String file, String message) {
        return new Problem(file, 1, 1, Problem.Severity.ERROR, message);
    }

    private static Problem warning(String file, String message) {
        return new Problem(file, 1, 1, Problem.Severity.WARNING, message);
    }

    /** Every pipeline file, valid or not: {@code default} first, then by name. */
    public List<Pipeline> pipelines() {
        return pipelines;
    }

    /** The pipelines whose file is valid, in the same order. */
    public List<Pipeline> valid() {
        return pipelines.stream().filter(Pipeline::isValid).toList();
    }

    public List<String> names() {
        return pipelines.stream().map(Pipeline::name).toList();
    }

    public Optional<Pipeline> pipeline(String name) {
        return pipelines.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Problems with the files' names (each at line 1 of its file), apart from what is inside the files. */
    public List<Problem> namingProblems() {
        return naming;
    }

    /** Every problem: the naming problems, then each pipeline's, in pipeline order. */
    public List<Problem> problems() {
        List<Problem> all = new ArrayList<>(naming);
        pipelines.forEach(p -> all.addAll(p.result().problems()));
        return all;
    }

    public List<Problem> errors() {
        return problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
    }

    /** True when every file is valid and named right. */
    public boolean isValid() {
        return errors().isEmpty();
    }

    /** One line per problem, as {@link ParseResult#report()}. */
    public String report() {
        return problems().stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }
}

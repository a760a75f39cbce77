package io.ocelot.plugin.trigger;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.plugin.repo.RepositoryFiles;
import io.ocelot.plugin.repo.RepositoryRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A commit's pipeline files: {@code ocelot.yml} (pipeline {@code default}) first, then each {@code .ocelot/NAME.yml}
 * in name order. Another file in {@code .ocelot/} is no pipeline (a README may sit there), except one that looks like
 * a pipeline file and is misnamed ({@code .yaml}, a name that is not a pipeline name): that one is a
 * {@link PipelineSource#badName}, so its author sees why it does not build.
 */
final class PipelineFiles {
    private static final String YAML = ".yaml";

    private PipelineFiles() {
    }

    /** Every pipeline file at {@code commit}; {@code only} (a pipeline name, or null for all) limits it to one. */
    static List<PipelineSource> at(RepositoryFiles files, RepositoryRef repo, String commit, String only) {
        if (only != null) {
            return one(files, repo, commit, only);
        }
        List<PipelineSource> found = new ArrayList<>();
        files.read(repo, commit, PipelineNames.DEFAULT_FILE)
                .ifPresent(c -> found.add(PipelineSource.file(BuildPlan.DEFAULT_PIPELINE, PipelineNames.DEFAULT_FILE, c)));
        List<String> names = new ArrayList<>(files.list(repo, commit, PipelineNames.DIRECTORY));
        names.sort(null);
        for (String fileName : names) {
            String path = PipelineNames.DIRECTORY + "/" + fileName;
            if (fileName.endsWith(YAML)) {
                found.add(PipelineSource.badName(path, "Ocelot reads " + PipelineNames.DIRECTORY + "/NAME"
                        + PipelineNames.EXTENSION + ": rename this file to end in " + PipelineNames.EXTENSION));
                continue;
            }
            if (!fileName.endsWith(PipelineNames.EXTENSION)) {
                continue;
            }
            String name = fileName.substring(0, fileName.length() - PipelineNames.EXTENSION.length());
            String problem = PipelineNames.problem(name);
            if (problem != null) {
                found.add(PipelineSource.badName(path, "'" + name + "' cannot name a pipeline: " + problem));
            } else {
                files.read(repo, commit, path).ifPresent(c -> found.add(PipelineSource.file(name, path, c)));
            }
        }
        return found;
    }

    /** One pipeline: its file, or nothing when it is not there (a rebuild after the file went away). */
    private static List<PipelineSource> one(RepositoryFiles files, RepositoryRef repo, String commit, String only) {
        if (only.startsWith(PipelineNames.DIRECTORY + "/")) {
            // the rebuild of a badly named file's build: still badly named, if it is still there
            return at(files, repo, commit, null).stream().filter(s -> s.pipeline().equals(only)).toList();
        }
        String path = PipelineNames.pathOf(only);
        Optional<byte[]> content = files.read(repo, commit, path);
        return content.map(c -> List.of(PipelineSource.file(only, path, c))).orElse(List.of());
    }
}

package io.ocelot.plugin.status;

import io.ocelot.core.build.TestReport;
import io.ocelot.plugin.repo.RepositoryRef;

/**
 * One build status on a commit, with the fields Bitbucket's repository-scoped build status takes. {@code key}
 * identifies the status line on the commit ({@link StatusKeys}: "ocelot", "ocelot-pr", "ocelot:&lt;pipeline&gt;");
 * {@code parent} groups the keys of one kind; {@code ref} is the branch the build was for (a pull request's source) (Required-builds merge checks match on it).
 */
public record BuildStatus(RepositoryRef repository, String commit, String key, StatusState state, String name,
                          String description, String url, String ref, String parent, long durationMillis,
                          long buildNumber, TestReport tests) {
    /** A status without test results ({@code tests} is null when no stage of the build read any). */
    public BuildStatus(RepositoryRef repository, String commit, String key, StatusState state, String name,
                       String description, String url, String ref, String parent, long durationMillis,
                       long buildNumber) {
        this(repository, commit, key, state, name, description, url, ref, parent, durationMillis, buildNumber, null);
    }
}

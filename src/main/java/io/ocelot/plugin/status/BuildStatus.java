package io.ocelot.plugin.status;

import io.ocelot.plugin.repo.RepositoryRef;

/**
 * One build status on a commit, with the fields Bitbucket's repository-scoped build status takes. {@code key}
 * identifies the status line on the commit ("ocelot" or "ocelot:&lt;pipeline&gt;"); {@code parent} groups the keys of one
 * build system; {@code ref} is the branch the build was for (Required-builds merge checks match on it).
 */
public record BuildStatus(RepositoryRef repository, String commit, String key, StatusState state, String name,
                          String description, String url, String ref, String parent, long durationMillis,
                          long buildNumber) {
}

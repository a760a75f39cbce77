package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.commit.CommitRequest;
import com.atlassian.bitbucket.commit.CommitService;
import com.atlassian.bitbucket.commit.CommitsBetweenRequest;
import com.atlassian.bitbucket.content.ChangesRequest;
import com.atlassian.bitbucket.repository.Repository;
import com.atlassian.bitbucket.repository.RepositoryService;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.core.plan.ChangedPaths;
import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.repo.Changesets;
import io.ocelot.plugin.repo.RepositoryRef;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link Changesets} through Bitbucket's CommitService. Bounded (a push of a whole history must not load it all):
 * at most {@value #MAX_COMMITS} messages and {@value #MAX_PATHS} paths.
 */
@Named
public class BitbucketChangesets implements Changesets {
    static final int MAX_COMMITS = 500;
    static final int MAX_PATHS = 5000;
    private final CommitService commits;
    private final RepositoryService repositories;
    private final BitbucketEscalation escalation;

    @Inject
    public BitbucketChangesets(@ComponentImport CommitService commits,
                               @ComponentImport RepositoryService repositories, BitbucketEscalation escalation) {
        this.commits = commits;
        this.repositories = repositories;
        this.escalation = escalation;
    }

    /** Read on the trigger thread, which has no Bitbucket user: with REPO_READ ({@link BitbucketEscalation}). */
    @Override
    public Changeset between(RepositoryRef ref, String since, String until) {
        return escalation.reading("read the changes of a push", () -> read(ref, since, until));
    }

    private Changeset read(RepositoryRef ref, String since, String until) {
        Repository repository = repositories.getById(ref.id());
        if (repository == null) {
            return new Changeset(List.of(), List.of()); // deleted meanwhile
        }
        List<String> messages = new ArrayList<>();
        if (since == null) {
            messages.add(commits.getCommit(new CommitRequest.Builder(repository, until).build()).getMessage());
        } else {
            commits.streamCommitsBetween(
                    new CommitsBetweenRequest.Builder(repository).include(until).exclude(since).build(),
                    commit -> {
                        messages.add(commit.getMessage());
                        return messages.size() < MAX_COMMITS;
                    });
        }
        // the paths only when a pipeline asks for them (paths:, \filepath): one SCM call fewer on most pushes
        return new Changeset(messages, ChangedPaths.later(() -> escalation.reading("read the changed paths of a push",
                () -> paths(repository, since, until))));
    }

    private List<String> paths(Repository repository, String since, String until) {
        Set<String> paths = new LinkedHashSet<>();
        ChangesRequest.Builder changes = new ChangesRequest.Builder(repository, until);
        if (since != null) {
            changes.sinceId(since);
        }
        commits.streamChanges(changes.build(), change -> {
            paths.add(change.getPath().toString());
            return paths.size() < MAX_PATHS;
        });
        return new ArrayList<>(paths);
    }
}

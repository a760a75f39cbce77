package io.ocelot.plugin.testkit;

import com.atlassian.bitbucket.event.pull.PullRequestEvent;
import com.atlassian.bitbucket.event.pull.PullRequestOpenedEvent;
import com.atlassian.bitbucket.event.pull.PullRequestRescopedEvent;
import com.atlassian.bitbucket.event.repository.RepositoryPushEvent;
import com.atlassian.bitbucket.project.Project;
import com.atlassian.bitbucket.pull.PullRequest;
import com.atlassian.bitbucket.pull.PullRequestRef;
import com.atlassian.bitbucket.repository.MinimalRef;
import com.atlassian.bitbucket.repository.RefChange;
import com.atlassian.bitbucket.repository.RefChangeType;
import com.atlassian.bitbucket.repository.Repository;
import com.atlassian.bitbucket.repository.StandardRefType;
import com.atlassian.bitbucket.user.ApplicationUser;
import io.ocelot.plugin.repo.RepositoryRef;

import java.util.List;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Bitbucket-shaped events built with Mockito (the Bitbucket event classes cannot be constructed here). */
public final class BitbucketEvents {
    private BitbucketEvents() {
    }

    public static Repository repository(RepositoryRef ref) {
        Project project = mock(Project.class);
        when(project.getKey()).thenReturn(ref.projectKey());
        Repository r = mock(Repository.class);
        when(r.getId()).thenReturn(ref.id());
        when(r.getSlug()).thenReturn(ref.slug());
        when(r.getProject()).thenReturn(project);
        return r;
    }

    public static ApplicationUser user(String name) {
        ApplicationUser u = mock(ApplicationUser.class);
        when(u.getName()).thenReturn(name);
        return u;
    }

    public static RefChange refChange(String refId, boolean tag, RefChangeType type, String from, String to) {
        MinimalRef ref = mock(MinimalRef.class);
        when(ref.getId()).thenReturn(refId);
        when(ref.getDisplayId()).thenReturn(refId.replaceFirst("^refs/(heads|tags)/", ""));
        when(ref.getType()).thenReturn(tag ? StandardRefType.TAG : StandardRefType.BRANCH);
        RefChange c = mock(RefChange.class);
        when(c.getRef()).thenReturn(ref);
        when(c.getType()).thenReturn(type);
        when(c.getFromHash()).thenReturn(from);
        when(c.getToHash()).thenReturn(to);
        return c;
    }

    /** A push of {@code branch} from {@code from} (null or 40 zeros: a new branch) to {@code to}. */
    public static RepositoryPushEvent push(RepositoryRef repo, String user, String branch, String from, String to) {
        boolean created = from == null || from.matches("0+");
        return push(repo, user, refChange("refs/heads/" + branch, false,
                created ? RefChangeType.ADD : RefChangeType.UPDATE, created ? "0".repeat(40) : from, to));
    }

    public static RepositoryPushEvent push(RepositoryRef repo, String user, RefChange... changes) {
        RepositoryPushEvent e = mock(RepositoryPushEvent.class);
        Repository r = repository(repo);
        when(e.getRepository()).thenReturn(r);
        when(e.getRefChanges()).thenReturn(List.of(changes));
        ApplicationUser u = user(user);
        when(e.getUser()).thenReturn(u);
        return e;
    }

    public static PullRequest pullRequest(RepositoryRef repo, long id, String sourceBranch, String sourceCommit,
                                          String targetBranch, String targetCommit) {
        return pullRequest(repo, repo, id, sourceBranch, sourceCommit, targetBranch, targetCommit);
    }

    /** A pull request from {@code source} (a fork when it is not {@code target}) into {@code target}. */
    public static PullRequest pullRequest(RepositoryRef source, RepositoryRef target, long id, String sourceBranch,
                                          String sourceCommit, String targetBranch, String targetCommit) {
        Repository r = repository(source);
        Repository t = source.equals(target) ? r : repository(target);
        PullRequestRef from = mock(PullRequestRef.class);
        when(from.getId()).thenReturn("refs/heads/" + sourceBranch);
        when(from.getDisplayId()).thenReturn(sourceBranch);
        when(from.getLatestCommit()).thenReturn(sourceCommit);
        when(from.getRepository()).thenReturn(r);
        PullRequestRef to = mock(PullRequestRef.class);
        when(to.getId()).thenReturn("refs/heads/" + targetBranch);
        when(to.getDisplayId()).thenReturn(targetBranch);
        when(to.getLatestCommit()).thenReturn(targetCommit);
        when(to.getRepository()).thenReturn(t);
        PullRequest pr = mock(PullRequest.class);
        when(pr.getId()).thenReturn(id);
        when(pr.getFromRef()).thenReturn(from);
        when(pr.getToRef()).thenReturn(to);
        return pr;
    }

    public static PullRequestOpenedEvent opened(PullRequest pr, String user) {
        PullRequestOpenedEvent e = mock(PullRequestOpenedEvent.class);
        fill(e, pr, user);
        return e;
    }

    public static PullRequestRescopedEvent rescoped(PullRequest pr, String user, String previousFrom,
                                                    String previousTo) {
        PullRequestRescopedEvent e = mock(PullRequestRescopedEvent.class);
        fill(e, pr, user);
        when(e.getPreviousFromHash()).thenReturn(previousFrom);
        when(e.getPreviousToHash()).thenReturn(previousTo);
        return e;
    }

    private static void fill(PullRequestEvent e, PullRequest pr, String user) {
        when(e.getPullRequest()).thenReturn(pr);
        ApplicationUser u = user(user);
        when(e.getUser()).thenReturn(u);
    }
}

package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.AuthorisationException;
import com.atlassian.bitbucket.commit.Commit;
import com.atlassian.bitbucket.commit.CommitRequest;
import com.atlassian.bitbucket.commit.CommitService;
import com.atlassian.bitbucket.repository.Branch;
import com.atlassian.bitbucket.repository.Ref;
import com.atlassian.bitbucket.repository.RefService;
import com.atlassian.bitbucket.repository.Repository;
import com.atlassian.bitbucket.repository.RepositoryService;
import com.atlassian.bitbucket.repository.ResolveRefRequest;
import com.atlassian.bitbucket.repository.StandardRefType;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositoryRefs;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.List;
import java.util.Optional;

/**
 * {@link RepositoryRefs} through CommitService (which accepts abbreviated hashes) and RefService ({@code getDefaultBranch},
 * {@code resolveRef}: javadoc 9.3.0, docs/bitbucket-api.md). {@link #branchesAt} only knows the default branch
 * (listing every branch is not worth it for a label): a commit at another head is built without a branch name.
 * Every call runs with REPO_READ ({@link BitbucketEscalation}): the manual trigger calls it after the person's
 * own permission check, and background callers have no Bitbucket user.
 */
@Named
public class BitbucketRepositoryRefs implements RepositoryRefs {
    private final CommitService commits;
    private final RefService refs;
    private final RepositoryService repositories;
    private final BitbucketEscalation escalation;

    @Inject
    public BitbucketRepositoryRefs(@ComponentImport CommitService commits, @ComponentImport RefService refs,
                                   @ComponentImport RepositoryService repositories, BitbucketEscalation escalation) {
        this.commits = commits;
        this.refs = refs;
        this.repositories = repositories;
        this.escalation = escalation;
    }

    @Override
    public Optional<String> resolveCommit(RepositoryRef ref, String hashOrPrefix) {
        return escalation.reading("resolve a commit", () -> {
            Repository repository = repositories.getById(ref.id());
            try {
                Commit c = repository == null ? null
                        : commits.getCommit(new CommitRequest.Builder(repository, hashOrPrefix).build());
                return Optional.ofNullable(c).map(Commit::getId);
            } catch (AuthorisationException e) {
                throw e; // a refusal is not "no such commit"
            } catch (RuntimeException noSuchOrAmbiguous) { // NoSuchCommitException and friends
                return Optional.empty();
            }
        });
    }

    @Override
    public Optional<String> branchHead(RepositoryRef ref, String branch) {
        return escalation.reading("resolve a branch", () -> {
            Repository repository = repositories.getById(ref.id());
            if (repository == null) {
                return Optional.empty();
            }
            Ref r = refs.resolveRef(new ResolveRefRequest.Builder(repository).refId("refs/heads/" + branch)
                    .type(StandardRefType.BRANCH).build());
            return Optional.ofNullable(r).map(Ref::getLatestCommit);
        });
    }

    @Override
    public Optional<String> defaultBranch(RepositoryRef ref) {
        return defaultBranchRef(ref).map(Branch::getDisplayId);
    }

    @Override
    public List<String> branchesAt(RepositoryRef ref, String commit) {
        return defaultBranchRef(ref).filter(b -> commit.equals(b.getLatestCommit())).map(b -> List.of(b.getDisplayId()))
                .orElse(List.of());
    }

    private Optional<Branch> defaultBranchRef(RepositoryRef ref) {
        return escalation.reading("read the default branch", () -> {
            Repository repository = repositories.getById(ref.id());
            try {
                return Optional.ofNullable(repository == null ? null : refs.getDefaultBranch(repository));
            } catch (AuthorisationException e) {
                throw e; // a refusal is not "no default branch"
            } catch (RuntimeException noDefaultBranch) { // an empty repository
                return Optional.empty();
            }
        });
    }
}

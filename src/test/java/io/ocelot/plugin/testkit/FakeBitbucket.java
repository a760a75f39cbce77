package io.ocelot.plugin.testkit;

import com.atlassian.bitbucket.AuthorisationException;
import com.atlassian.bitbucket.auth.AuthenticationContext;
import com.atlassian.bitbucket.build.status.RepositoryBuildStatusService;
import com.atlassian.bitbucket.codeinsights.annotation.BulkAddInsightAnnotationRequest;
import com.atlassian.bitbucket.codeinsights.annotation.DeleteAnnotationRequest;
import com.atlassian.bitbucket.codeinsights.annotation.InsightAnnotationService;
import com.atlassian.bitbucket.codeinsights.annotation.SingleAddInsightAnnotationRequest;
import com.atlassian.bitbucket.codeinsights.report.InsightReportService;
import com.atlassian.bitbucket.codeinsights.report.SetInsightReportRequest;
import com.atlassian.bitbucket.build.status.RepositoryBuildStatusSetRequest;
import com.atlassian.bitbucket.commit.Commit;
import com.atlassian.bitbucket.commit.CommitCallback;
import com.atlassian.bitbucket.commit.CommitRequest;
import com.atlassian.bitbucket.commit.CommitService;
import com.atlassian.bitbucket.commit.CommitsBetweenRequest;
import com.atlassian.bitbucket.content.Change;
import com.atlassian.bitbucket.content.ChangeCallback;
import com.atlassian.bitbucket.content.ChangesRequest;
import com.atlassian.bitbucket.content.ContentService;
import com.atlassian.bitbucket.content.ContentTreeCallback;
import com.atlassian.bitbucket.content.ContentTreeNode;
import com.atlassian.bitbucket.content.NoSuchPathException;
import com.atlassian.bitbucket.i18n.KeyedMessage;
import com.atlassian.bitbucket.io.TypeAwareOutputSupplier;
import com.atlassian.bitbucket.permission.Permission;
import com.atlassian.bitbucket.permission.PermissionService;
import com.atlassian.bitbucket.project.Project;
import com.atlassian.bitbucket.project.ProjectService;
import com.atlassian.bitbucket.repository.Branch;
import com.atlassian.bitbucket.repository.Ref;
import com.atlassian.bitbucket.repository.RefService;
import com.atlassian.bitbucket.repository.Repository;
import com.atlassian.bitbucket.repository.RepositoryService;
import com.atlassian.bitbucket.repository.ResolveRefRequest;
import com.atlassian.bitbucket.repository.StandardRefType;
import com.atlassian.bitbucket.user.ApplicationUser;
import com.atlassian.bitbucket.user.EscalatedSecurityContext;
import com.atlassian.bitbucket.user.SecurityService;
import com.atlassian.bitbucket.util.Operation;
import com.atlassian.bitbucket.util.PageRequest;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.ui.RepoPermission;
import org.mockito.stubbing.Answer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

/**
 * A Bitbucket as strict as the real one, for the services the plugin's adapters call (Mockito with answers, so that
 * the same code compiles against the real, much larger interfaces). What it enforces is what Bitbucket documents:
 * <ul>
 * <li>every permission-checked call (RepositoryService.getById/getBySlug, ProjectService.getByKey, ContentService,
 * CommitService, RefService, the build-status service) runs as the current security context: the current user
 * ({@link #runAs}, set by the harness's HTTP filter from a token; none on werker endpoints, Ocelot's threads and
 * scheduler jobs) plus whatever {@link SecurityService} escalation is in force on this thread. With neither, or
 * without the permission, it throws {@link AuthorisationException}
 * (https://docs.atlassian.com/bitbucket-server/javadoc/9.3.0/api/com/atlassian/bitbucket/AuthorisationException.html);</li>
 * <li>getById/getBySlug return null only for a repository that does not exist and throw for one the current
 * context cannot see (javadoc 9.2.1 RepositorySupplier);</li>
 * <li>repositories are private: only grants ({@link InMemoryUserPermissions}), admins and escalations see them,
 * unless {@link #makePublic} is called.</li>
 * </ul>
 * Content, commits and refs are read from the real git repositories with the git command. Any other method of these
 * services throws: the plugin does not call it, and a test that makes it do so should say what Bitbucket does.
 */
public final class FakeBitbucket {
    /** Bitbucket's documented minimum for setting a build status, mirrored from BitbucketEscalation. */
    private static final Permission SET_BUILD_STATUS = Permission.REPO_READ;
    /** In a refusal: the caller had no user and no escalation (on Ocelot's own threads: a missing escalation). */
    public static final String UNESCALATED = "an anonymous caller without escalation";

    private final InMemoryUserPermissions users;
    private final BiFunction<String, String, Path> locate;
    private final BiFunction<String, String, RepositoryRef> onDisk;
    private final Map<Integer, Repository> byId = new ConcurrentHashMap<>();
    private final Map<String, Repository> byName = new ConcurrentHashMap<>();
    private final Set<Integer> publicRepositories = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<String> currentUser = new ThreadLocal<>();
    private final ThreadLocal<List<Grant>> escalated = ThreadLocal.withInitial(ArrayList::new);
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<RepositoryBuildStatusSetRequest> statusRequests = new CopyOnWriteArrayList<>();

    private final RepositoryService repositoryService = strict(RepositoryService.class);
    private final ProjectService projectService = strict(ProjectService.class);
    private final ContentService contentService = strict(ContentService.class);
    private final CommitService commitService = strict(CommitService.class);
    private final RefService refService = strict(RefService.class);
    private final RepositoryBuildStatusService buildStatusService = strict(RepositoryBuildStatusService.class);
    private final InsightReportService insightReportService = strict(InsightReportService.class);
    private final InsightAnnotationService insightAnnotationService = strict(InsightAnnotationService.class);
    /** Code Insights as Bitbucket keeps them: the report of each (repository, commit, key) and its annotations. */
    private final Map<String, SetInsightReportRequest> insightReports = new ConcurrentHashMap<>();
    private final Map<String, List<SingleAddInsightAnnotationRequest>> insightAnnotations = new ConcurrentHashMap<>();
    private final SecurityService securityService = strict(SecurityService.class);
    private final AuthenticationContext authenticationContext = strict(AuthenticationContext.class);
    private final PermissionService permissionService = strict(PermissionService.class);

    /** An escalated permission, on every repository ({@code repositoryId} null) or on one. */
    private record Grant(Permission permission, Integer repositoryId) {
    }

    /**
     * @param users  the users, their tokens and grants
     * @param locate the git directory of a repository (project key, slug)
     * @param onDisk for a name this Bitbucket does not know yet: the repository if it exists (e.g. a git directory
     *               created by the test), else null
     */
    public FakeBitbucket(InMemoryUserPermissions users, BiFunction<String, String, Path> locate,
                         BiFunction<String, String, RepositoryRef> onDisk) {
        this.users = users;
        this.locate = locate;
        this.onDisk = onDisk;
        stubRepositories();
        stubContent();
        stubCommits();
        stubRefs();
        doAnswer(a -> {
            RepositoryBuildStatusSetRequest request = a.getArgument(0);
            check(request.getRepository(), SET_BUILD_STATUS, "set a build status");
            statusRequests.add(request);
            return null;
        }).when(buildStatusService).set(any());
        stubInsights();
        stubSecurity();
    }

    // ---- the world -------------------------------------------------------------------------------------------

    /** Makes the repository exist in Bitbucket (private). Idempotent. */
    public Repository add(RepositoryRef ref) {
        return byId.computeIfAbsent(ref.id(), id -> {
            Repository r = BitbucketEvents.repository(ref);
            byName.put(ref.projectKey() + "/" + ref.slug(), r);
            return r;
        });
    }

    /** Public repositories are readable by everyone, anonymous included (Bitbucket's "public access"). */
    public void makePublic(RepositoryRef ref) {
        publicRepositories.add(add(ref).getId());
    }

    /** The current user of this thread (null: anonymous), as Bitbucket's authentication filter sets it. */
    public void runAs(String user) {
        if (user == null) {
            currentUser.remove();
        } else {
            currentUser.set(user);
        }
    }

    /** {@code work} as {@code user} on this thread (null: anonymous), then back to whoever ran before. */
    public <T> T as(String user, Supplier<T> work) {
        String before = currentUser.get();
        runAs(user);
        try {
            return work.get();
        } finally {
            runAs(before);
        }
    }

    /** Every refused call so far ("what: why"), in order. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** Every build status set so far, as Bitbucket received it. */
    public List<RepositoryBuildStatusSetRequest> statusRequests() {
        return List.copyOf(statusRequests);
    }

    public RepositoryService repositoryService() {
        return repositoryService;
    }

    public ProjectService projectService() {
        return projectService;
    }

    public ContentService contentService() {
        return contentService;
    }

    public CommitService commitService() {
        return commitService;
    }

    public RefService refService() {
        return refService;
    }

    public InsightReportService insightReportService() {
        return insightReportService;
    }

    public InsightAnnotationService insightAnnotationService() {
        return insightAnnotationService;
    }

    /** The Code Insights report on the commit under {@code key}, if one was set. */
    public Optional<SetInsightReportRequest> insightReport(RepositoryRef ref, String commit, String key) {
        return Optional.ofNullable(insightReports.get(insightKey(ref.id(), commit, key)));
    }

    /** The annotations of that report, in the order they were added. */
    public List<SingleAddInsightAnnotationRequest> insightAnnotations(RepositoryRef ref, String commit, String key) {
        return List.copyOf(insightAnnotations.getOrDefault(insightKey(ref.id(), commit, key), List.of()));
    }

    private static String insightKey(int repositoryId, String commit, String key) {
        return repositoryId + "/" + commit + "/" + key;
    }

    /**
     * Code Insights as Bitbucket answers: a report replaces the one of its key; annotations need the report to exist
     * (Bitbucket answers 404 otherwise) and go away with a delete. Every call needs REPO_READ on the repository.
     */
    private void stubInsights() {
        doAnswer(a -> {
            SetInsightReportRequest r = a.getArgument(0);
            check(r.getRepository(), Permission.REPO_READ, "set a Code Insights report");
            if (r.getData().size() > 6 || r.getTitle() == null || r.getResult() == null) {
                throw new IllegalArgumentException("a report needs a title and a result, and has at most 6 data fields");
            }
            insightReports.put(insightKey(r.getRepository().getId(), r.getCommitId(), r.getKey()), r);
            return null;
        }).when(insightReportService).set(any());
        doAnswer(a -> {
            DeleteAnnotationRequest r = a.getArgument(0);
            check(r.getRepository(), Permission.REPO_READ, "delete Code Insights annotations");
            insightAnnotations.remove(insightKey(r.getRepository().getId(), r.getCommitId(), r.getReportKey()));
            return null;
        }).when(insightAnnotationService).deleteAnnotations(any());
        doAnswer(a -> {
            BulkAddInsightAnnotationRequest r = a.getArgument(0);
            check(r.getRepository(), Permission.REPO_READ, "add Code Insights annotations");
            String k = insightKey(r.getRepository().getId(), r.getCommitId(), r.getReportKey());
            if (!insightReports.containsKey(k)) {
                throw new NoSuchElementException("no Code Insights report " + r.getReportKey() + " on " + r.getCommitId());
            }
            for (SingleAddInsightAnnotationRequest x : r.getAnnotations()) {
                if (x.getMessage() == null || x.getMessage().length() > 2000 || x.getSeverity() == null) {
                    throw new IllegalArgumentException("an annotation needs a message of at most 2000 characters and a severity");
                }
            }
            insightAnnotations.computeIfAbsent(k, x -> new CopyOnWriteArrayList<>()).addAll(r.getAnnotations());
            return null;
        }).when(insightAnnotationService).addAnnotations(any());
    }

    public RepositoryBuildStatusService buildStatusService() {
        return buildStatusService;
    }

    public SecurityService securityService() {
        return securityService;
    }

    public AuthenticationContext authenticationContext() {
        return authenticationContext;
    }

    public PermissionService permissionService() {
        return permissionService;
    }

    // ---- permissions ----------------------------------------------------------------------------------------

    private boolean permitted(Repository repository, Permission needed) {
        for (Grant g : escalated.get()) {
            if ((g.repositoryId() == null || g.repositoryId() == repository.getId()) && implies(g.permission(), needed)) {
                return true;
            }
        }
        if (needed == Permission.REPO_READ && publicRepositories.contains(repository.getId())) {
            return true;
        }
        String user = currentUser.get();
        return user != null && users.permits(user, name(repository), RepoPermission.valueOf(needed.name()));
    }

    private static boolean implies(Permission held, Permission needed) {
        List<Permission> repoLevels = List.of(Permission.REPO_READ, Permission.REPO_WRITE, Permission.REPO_ADMIN);
        if (held == Permission.PROJECT_ADMIN || held == Permission.ADMIN || held == Permission.SYS_ADMIN) {
            return true;
        }
        return repoLevels.contains(held) && repoLevels.contains(needed)
                && repoLevels.indexOf(held) >= repoLevels.indexOf(needed);
    }

    private void check(Repository repository, Permission needed, String what) {
        if (!permitted(repository, needed)) {
            String who = currentUser.get() != null ? currentUser.get()
                    : escalated.get().isEmpty() ? UNESCALATED : "escalated to " + escalated.get();
            String message = "You are not permitted to access this resource (" + what + " on "
                    + repository.getProject().getKey() + "/" + repository.getSlug() + " needs " + needed + "; "
                    + who + ")";
            refusals.add(what + ": " + message);
            throw new AuthorisationException(new KeyedMessage("bitbucket.service.nopermission", message, message));
        }
    }

    private static io.ocelot.plugin.ui.RepositoryName name(Repository r) {
        return new io.ocelot.plugin.ui.RepositoryName(r.getProject().getKey(), r.getSlug());
    }

    private Repository visible(Repository r, String what) {
        if (r != null) {
            check(r, Permission.REPO_READ, what);
        }
        return r;
    }

    private Repository known(String projectKey, String slug) {
        Repository r = byName.get(projectKey + "/" + slug);
        if (r == null) {
            RepositoryRef found = onDisk.apply(projectKey, slug);
            r = found == null ? null : add(found);
        }
        return r;
    }

    private void stubRepositories() {
        doAnswer(a -> visible(byId.get(a.<Integer>getArgument(0)), "RepositoryService.getById"))
                .when(repositoryService).getById(anyInt());
        doAnswer(a -> visible(known(a.getArgument(0), a.getArgument(1)), "RepositoryService.getBySlug"))
                .when(repositoryService).getBySlug(anyString(), anyString());
        doAnswer(a -> {
            String key = a.getArgument(0);
            List<Repository> inProject = byId.values().stream()
                    .filter(r -> r.getProject().getKey().equals(key)).toList();
            if (inProject.isEmpty()) {
                return null;
            }
            String user = currentUser.get();
            boolean sees = !escalated.get().isEmpty() || (user != null && users.seesProject(user, key))
                    || inProject.stream().anyMatch(r -> permitted(r, Permission.REPO_READ));
            if (!sees) {
                refusals.add("ProjectService.getByKey: " + key);
                throw new AuthorisationException(new KeyedMessage("bitbucket.service.nopermission",
                        "You are not permitted to access project " + key, "You are not permitted to access project " + key));
            }
            return inProject.get(0).getProject();
        }).when(projectService).getByKey(anyString());
    }

    private void stubSecurity() {
        doAnswer(a -> context(List.of(new Grant(a.getArgument(0), null)), null))
                .when(securityService).withPermission(any(Permission.class), anyString());
        doAnswer(a -> context(List.of(new Grant(a.getArgument(0), idOf(a.getArgument(1)))), null))
                .when(securityService).withPermission(any(Permission.class), any(), anyString());
        doAnswer(a -> context(List.of(), a.<ApplicationUser>getArgument(0).getName()))
                .when(securityService).impersonating(any(), anyString());
        doAnswer(a -> currentUser.get() == null ? null : BitbucketEvents.user(currentUser.get()))
                .when(authenticationContext).getCurrentUser();
        doAnswer(a -> currentUser.get() != null).when(authenticationContext).isAuthenticated();
        doAnswer(a -> permitted(a.getArgument(0), a.getArgument(1)))
                .when(permissionService).hasRepositoryPermission(any(Repository.class), any(Permission.class));
        doAnswer(a -> users.permits(a.<ApplicationUser>getArgument(0).getName(), name(a.getArgument(1)),
                RepoPermission.valueOf(a.<Permission>getArgument(2).name())))
                .when(permissionService).hasRepositoryPermission(any(ApplicationUser.class), any(Repository.class),
                        any(Permission.class));
        doAnswer(a -> {
            Permission p = a.getArgument(1);
            String user = a.<ApplicationUser>getArgument(0).getName();
            return p == Permission.LICENSED_USER || ((p == Permission.ADMIN || p == Permission.SYS_ADMIN)
                    && users.isAdmin(user));
        }).when(permissionService).hasGlobalPermission(any(ApplicationUser.class), any(Permission.class));
        doAnswer(a -> {
            Project project = a.getArgument(0);
            String user = currentUser.get();
            return a.getArgument(1) == Permission.PROJECT_ADMIN && user != null
                    && users.isProjectAdmin(user, project.getKey());
        }).when(permissionService).hasProjectPermission(any(Project.class), any(Permission.class));
    }

    private static Integer idOf(Object resource) {
        if (resource instanceof Repository r) {
            return r.getId();
        }
        throw new UnsupportedOperationException("FakeBitbucket escalates on repositories only, not " + resource);
    }

    /** An EscalatedSecurityContext: call() runs with {@code grants} added (and as {@code user} if given). */
    private EscalatedSecurityContext context(List<Grant> grants, String user) {
        EscalatedSecurityContext c = strict(EscalatedSecurityContext.class);
        try {
            doAnswer(a -> {
                Operation<?, ?> operation = a.getArgument(0);
                List<Grant> before = escalated.get();
                List<Grant> merged = new ArrayList<>(before); // nested calls merge, as documented
                merged.addAll(grants);
                escalated.set(merged);
                String userBefore = currentUser.get();
                if (user != null) {
                    currentUser.set(user);
                }
                try {
                    return operation.perform();
                } finally {
                    escalated.set(before);
                    runAs(userBefore);
                }
            }).when(c).call(any());
        } catch (Throwable impossible) { // call() is declared to throw E; stubbing does not call it
            throw new IllegalStateException(impossible);
        }
        doAnswer(a -> context(plus(grants, new Grant(a.getArgument(0), null)), user))
                .when(c).withPermission(any(Permission.class));
        doAnswer(a -> context(plus(grants, new Grant(a.getArgument(1), idOf(a.getArgument(0)))), user))
                .when(c).withPermission(any(), any(Permission.class));
        return c;
    }

    private static List<Grant> plus(List<Grant> grants, Grant g) {
        List<Grant> all = new ArrayList<>(grants);
        all.add(g);
        return all;
    }

    // ---- content, commits, refs over git ---------------------------------------------------------------------

    private void stubContent() {
        doAnswer(a -> {
            Repository r = a.getArgument(0);
            check(r, Permission.REPO_READ, "ContentService.getType");
            Git.Result type = git(r, "cat-file", "-t", a.getArgument(1) + ":" + a.getArgument(2));
            if (type.exit() != 0) {
                throw new NoSuchPathException("No such path " + a.getArgument(2) + " at " + a.getArgument(1));
            }
            return switch (type.text()) {
                case "blob" -> ContentTreeNode.Type.FILE;
                case "tree" -> ContentTreeNode.Type.DIRECTORY;
                default -> ContentTreeNode.Type.SUBMODULE;
            };
        }).when(contentService).getType(any(), anyString(), anyString());
        doAnswer(a -> {
            Repository r = a.getArgument(0);
            check(r, Permission.REPO_READ, "ContentService.streamFile");
            byte[] bytes = git(r, "show", a.getArgument(1) + ":" + a.getArgument(2)).checked().out();
            try (OutputStream out = a.<TypeAwareOutputSupplier>getArgument(3).getStream("application/octet-stream")) {
                out.write(bytes);
            }
            return null;
        }).when(contentService).streamFile(any(), anyString(), anyString(), any());
        // A listing of one tree at a commit, as ContentService.streamDirectory streams it: each entry's path relative
        // to the listed directory, one page of the request's size; a missing path throws NoSuchPathException.
        doAnswer(a -> {
            Repository r = a.getArgument(0);
            check(r, Permission.REPO_READ, "ContentService.streamDirectory");
            String at = a.getArgument(1) + ":" + a.<String>getArgument(2);
            if (git(r, "cat-file", "-t", at).exit() != 0) {
                throw new NoSuchPathException("No such path " + a.getArgument(2) + " at " + a.getArgument(1));
            }
            boolean recursive = a.getArgument(3);
            ContentTreeCallback callback = a.getArgument(4);
            PageRequest page = a.getArgument(5);
            List<String> args = new ArrayList<>(List.of("ls-tree", "-z"));
            if (recursive) {
                args.add("-r");
            }
            args.add(at);
            String[] entries = git(r, args.toArray(String[]::new)).checked().text().split("\0");
            int seen = 0;
            for (String entry : entries) {
                if (entry.isEmpty() || seen++ < page.getStart()) {
                    continue;
                }
                if (seen > page.getStart() + page.getLimit()) {
                    break;
                }
                String[] meta = entry.substring(0, entry.indexOf('\t')).split(" ");
                String name = entry.substring(entry.indexOf('\t') + 1);
                if (!callback.onTreeNode(treeNode(name, switch (meta[1]) {
                    case "blob" -> ContentTreeNode.Type.FILE;
                    case "tree" -> ContentTreeNode.Type.DIRECTORY;
                    default -> ContentTreeNode.Type.SUBMODULE;
                }))) {
                    break;
                }
            }
            return null;
        }).when(contentService).streamDirectory(any(), anyString(), anyString(), anyBoolean(), any(), any());
    }

    private static ContentTreeNode treeNode(String relativePath, ContentTreeNode.Type type) {
        com.atlassian.bitbucket.content.Path p = mock(com.atlassian.bitbucket.content.Path.class);
        doAnswer(a -> relativePath).when(p).toString();
        doAnswer(a -> relativePath.substring(relativePath.lastIndexOf('/') + 1)).when(p).getName();
        ContentTreeNode node = mock(ContentTreeNode.class);
        doAnswer(a -> p).when(node).getPath();
        doAnswer(a -> type).when(node).getType();
        return node;
    }

    private void stubCommits() {
        doAnswer(a -> {
            CommitRequest request = a.getArgument(0);
            Repository r = request.getRepository();
            check(r, Permission.REPO_READ, "CommitService.getCommit");
            String id = request.getCommitId();
            Git.Result hash = id.matches("[0-9a-fA-F]{4,40}")
                    ? git(r, "rev-parse", "--verify", "--quiet", id.toLowerCase() + "^{commit}") : null;
            if (hash == null || hash.exit() != 0) {
                throw new IllegalArgumentException("NoSuchCommitException: no commit " + id); // unchecked, as Bitbucket's
            }
            return commit(hash.text(), git(r, "log", "-1", "--format=%B", hash.text()).checked().text());
        }).when(commitService).getCommit(any());
        doAnswer(a -> {
            CommitsBetweenRequest request = a.getArgument(0);
            Repository r = request.getRepository();
            check(r, Permission.REPO_READ, "CommitService.streamCommitsBetween");
            List<String> args = new ArrayList<>(List.of("log", "--format=%H%x01%B%x00"));
            args.addAll(request.getIncludes());
            request.getExcludes().forEach(x -> args.add("^" + x));
            CommitCallback callback = a.getArgument(1);
            for (String entry : git(r, args.toArray(String[]::new)).checked().text().split("\0")) {
                String[] parts = entry.strip().split("\u0001", 2);
                if (parts.length == 2 && !callback.onCommit(commit(parts[0], parts[1]))) {
                    break;
                }
            }
            return null;
        }).when(commitService).streamCommitsBetween(any(), any());
        doAnswer(a -> {
            ChangesRequest request = a.getArgument(0);
            Repository r = request.getRepository();
            check(r, Permission.REPO_READ, "CommitService.streamChanges");
            Git.Result diff = request.getSinceId() == null
                    ? git(r, "diff-tree", "--no-commit-id", "--name-only", "-r", "--root", request.getUntilId())
                    : git(r, "diff", "--name-only", request.getSinceId(), request.getUntilId());
            ChangeCallback callback = a.getArgument(1);
            for (String path : diff.checked().text().split("\n")) {
                if (!path.isBlank() && !callback.onChange(change(path))) {
                    break;
                }
            }
            return null;
        }).when(commitService).streamChanges(any(), any());
    }

    private void stubRefs() {
        doAnswer(a -> {
            Repository r = a.getArgument(0);
            check(r, Permission.REPO_READ, "RefService.getDefaultBranch");
            Git.Result head = git(r, "symbolic-ref", "--quiet", "HEAD");
            Git.Result hash = head.exit() == 0 ? git(r, "rev-parse", "--verify", "--quiet", head.text() + "^{commit}") : head;
            if (hash.exit() != 0) {
                throw new IllegalStateException("NoDefaultBranchException: the repository has no default branch");
            }
            return ref(Branch.class, head.text(), hash.text());
        }).when(refService).getDefaultBranch(any());
        doAnswer(a -> {
            ResolveRefRequest request = a.getArgument(0);
            Repository r = request.getRepository();
            check(r, Permission.REPO_READ, "RefService.resolveRef");
            Git.Result hash = git(r, "rev-parse", "--verify", "--quiet", request.getRefId().orElseThrow() + "^{commit}");
            return hash.exit() == 0 ? ref(Ref.class, request.getRefId().orElseThrow(), hash.text()) : null;
        }).when(refService).resolveRef(any());
    }

    private static Commit commit(String id, String message) {
        Commit c = mock(Commit.class);
        doAnswer(a -> id).when(c).getId();
        doAnswer(a -> message.strip()).when(c).getMessage();
        return c;
    }

    private static Change change(String path) {
        com.atlassian.bitbucket.content.Path p = mock(com.atlassian.bitbucket.content.Path.class);
        doAnswer(a -> path).when(p).toString();
        Change c = mock(Change.class);
        doAnswer(a -> p).when(c).getPath();
        return c;
    }

    private static <R extends Ref> R ref(Class<R> type, String id, String latestCommit) {
        R r = mock(type);
        doAnswer(a -> id).when(r).getId();
        doAnswer(a -> id.replaceFirst("^refs/(heads|tags)/", "")).when(r).getDisplayId();
        doAnswer(a -> StandardRefType.BRANCH).when(r).getType();
        doAnswer(a -> latestCommit).when(r).getLatestCommit();
        return r;
    }

    private Git.Result git(Repository r, String... args) {
        return Git.run(locate.apply(r.getProject().getKey(), r.getSlug()), args);
    }

    /** A mock whose every unstubbed method fails loudly: the plugin calling something new must be noticed. */
    private static <T> T strict(Class<T> type) {
        Answer<Object> refuse = a -> {
            throw new UnsupportedOperationException("FakeBitbucket: " + type.getSimpleName() + "."
                    + a.getMethod().getName() + " is not implemented; add it with Bitbucket's documented behaviour");
        };
        return mock(type, withSettings().defaultAnswer(refuse));
    }

    /** The git command on a repository directory. */
    static final class Git {
        record Result(int exit, byte[] out, String err) {
            String text() {
                return new String(out, StandardCharsets.UTF_8).trim();
            }

            Result checked() {
                if (exit != 0) {
                    throw new IllegalStateException("git failed: " + err);
                }
                return this;
            }
        }

        static Result run(Path dir, String... args) {
            List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
            cmd.addAll(Arrays.asList(args));
            try {
                Path err = java.nio.file.Files.createTempFile("ocelot-git", ".err");
                try {
                    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
                    byte[] out;
                    try (InputStream in = p.getInputStream()) {
                        out = in.readAllBytes();
                    }
                    int exit = p.waitFor();
                    return new Result(exit, out, java.nio.file.Files.readString(err));
                } finally {
                    java.nio.file.Files.deleteIfExists(err);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}

package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.permission.Permission;
import com.atlassian.bitbucket.user.SecurityService;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.function.Supplier;

/**
 * The one place where Ocelot raises its Bitbucket permissions, and by how much. Bitbucket's services check the
 * current security context and throw {@code AuthorisationException} when it may not see the repository; Ocelot's own
 * threads (the trigger executor, the notifier), scheduler jobs (the lease reaper) and the werker endpoints (werkers
 * are not Bitbucket users) run with NO user, so every Bitbucket call the adapters make for them runs inside
 * {@code SecurityService.withPermission(...)} with the least permission the call needs (javadoc 9.3.0
 * https://docs.atlassian.com/bitbucket-server/javadoc/9.3.0/api/com/atlassian/bitbucket/user/SecurityService.html).
 * The escalation is global, not scoped to one repository: {@code getById} must see the repository before there is
 * a Repository object to scope it to.
 * <p>
 * Lookups made for a person (permission checks, pages, the user REST API) never come here: they run as that person
 * and turn a refusal into "not found" ({@code BitbucketUserPermissions}, {@code BitbucketRepositoryDirectory}).
 */
@Named
public class BitbucketEscalation {
    /** Reading a repository, its files, commits, changes and refs. */
    static final Permission READ = Permission.REPO_READ;
    /**
     * Setting a build status. Bitbucket's REST reference for {@code POST
     * /rest/api/latest/projects/{projectKey}/repos/{repositorySlug}/commits/{commitId}/builds} ("Builds and
     * Deployments", https://developer.atlassian.com/server/bitbucket/rest/v807/api-group-builds-and-deployments/)
     * is, as far as we know, the documented minimum: REPO_READ on the repository (the same as Bitbucket Cloud's
     * {@code repository:read} scope for commit statuses). Not confirmed for the in-process
     * RepositoryBuildStatusService: if the -Patlassian build shows it needs REPO_WRITE, change it here only.
     */
    static final Permission SET_BUILD_STATUS = Permission.REPO_READ;
    /**
     * Publishing a Code Insights report and its annotations. The REST reference ("Builds and Deployments", 8.7,
     * {@code PUT /rest/insights/latest/.../reports/{key}}) asks for REPO_READ; not confirmed for the in-process
     * InsightReportService and InsightAnnotationService (docs/bitbucket-api.md#not-confirmed-from-public-sources).
     */
    static final Permission PUBLISH_INSIGHTS = Permission.REPO_READ;
    private static final String REASON = "Ocelot CI: ";

    private final SecurityService security;

    @Inject
    public BitbucketEscalation(@ComponentImport SecurityService security) {
        this.security = security;
    }

    /** {@code work} with REPO_READ on every repository; {@code why} goes into Bitbucket's audit reason. */
    public <T> T reading(String why, Supplier<T> work) {
        return as(READ, why, work);
    }

    /** {@code work} with what setting a build status needs ({@link #SET_BUILD_STATUS}). */
    public void settingBuildStatus(Runnable work) {
        as(SET_BUILD_STATUS, "publish a build status", () -> {
            work.run();
            return null;
        });
    }

    /** {@code work} with what publishing a Code Insights report needs ({@link #PUBLISH_INSIGHTS}). */
    public void publishingInsights(Runnable work) {
        as(PUBLISH_INSIGHTS, "publish a Code Insights report", () -> {
            work.run();
            return null;
        });
    }

    private <T> T as(Permission permission, String why, Supplier<T> work) {
        return security.withPermission(permission, REASON + why).call(work::get);
    }
}

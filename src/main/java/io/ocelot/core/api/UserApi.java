package io.ocelot.core.api;

/**
 * Paths of the user REST API, relative to the Bitbucket base URL. Every call authenticates as a Bitbucket user
 * (session or personal access token as {@code Authorization: Bearer}).
 *
 * <pre>
 * GET    {BASE}/status?ref=REF[&limit=N]                          StatusReply   REF: PROJECT/repo, slug, or hash prefix
 * GET    {BASE}/projects/{p}/repos/{r}/builds?branch&result&group&limit   [BuildSummary]
 * GET    {BASE}/projects/{p}/repos/{r}/triggers?limit            [TriggerView]    events not yet builds: pending/failed
 * GET    {BASE}/groups/{group}/builds?limit                       [BuildSummary]  readable repositories of the group
 * GET    {BASE}/builds/{id}                                       BuildDetail
 * GET    {BASE}/builds/{id}/log?offset=N&limit=BYTES&attempt=A&wait=S  LogPage  A: an earlier attempt (default: current);
 *                                                          S: seconds to hold the answer while nothing past N is there
 *                                                          and the build goes on (0–25, default 0: at once)
 * GET    {BASE}/builds/{id}/artifacts                             ArtifactList
 * GET    {BASE}/builds/{id}/artifacts/{path}                      the file (application/octet-stream, attachment)
 * POST   {BASE}/builds/{id}/kill                                  BuildSummary
 * POST   {BASE}/builds/{id}/rebuild                               TriggerResponse
 * POST   {BASE}/projects/{p}/repos/{r}/trigger    ManualTriggerRequest  TriggerResponse
 * POST   {BASE}/validate                          ocelot.yml text ValidationReply
 * GET    {BASE}/werkers                                           [WerkerView]     (global ADMIN)
 * POST   {BASE}/werkers/{id}/revoke                               WerkerView       (global ADMIN)
 * GET    {BASE}/admin/registration-secret                         RegistrationSecretView (global ADMIN; never the value)
 * POST   {BASE}/admin/registration-secret                         RegistrationSecretView (global ADMIN; the new value, once)
 * GET    {BASE}/admin/clone-credentials                           CloneCredentialView    (global ADMIN; never the secret)
 * PUT    {BASE}/admin/clone-credentials  CloneCredentialRequest   204                    (global ADMIN)
 * DELETE {BASE}/admin/clone-credentials                           204                    (global ADMIN)
 * GET    {BASE}/projects/{p}/repos/{r}/settings                   SettingsView     (REPO_ADMIN)
 * PUT    {BASE}/projects/{p}/repos/{r}/settings   SettingsView    SettingsView     (REPO_ADMIN)
 * POST   {BASE}/projects/{p}/repos/{r}/watch                      SettingsView     (REPO_ADMIN)
 * POST   {BASE}/projects/{p}/repos/{r}/unwatch                    SettingsView     (REPO_ADMIN)
 * GET/PUT {BASE}/admin/artifact-limits                       ArtifactLimitsView     (global ADMIN)
 * GET/PUT {BASE}/auto-enable                      AutoEnableView                   (global ADMIN)
 * GET/PUT {BASE}/projects/{p}/auto-enable         AutoEnableView                   (PROJECT_ADMIN)
 * </pre>
 */
public final class UserApi {
    public static final String BASE = "/rest/ocelot/1.0";
    /** The build page, a plugin servlet: {@code String.format(BUILD_PAGE, project, slug, id)}. */
    public static final String BUILD_PAGE = "/plugins/servlet/ocelot/projects/%s/repos/%s/builds/%d";
    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 500;
    /** Default and largest log page, in bytes. */
    public static final int LOG_PAGE_BYTES = 256 * 1024;
    /** The longest {@code wait} of a log read, below the usual proxy idle timeouts (30–60 s). */
    public static final int MAX_LOG_WAIT_SECONDS = 25;
    /** The one answer for a repository where Ocelot is not switched on, on every endpoint and command. */
    public static final String NOT_TRACKED = "%s is not tracked by Ocelot";

    private UserApi() {
    }

    public static String notTracked(String projectKey, String slug) {
        return String.format(NOT_TRACKED, projectKey + "/" + slug);
    }

    public static String repoPath(String projectKey, String slug) {
        return "/projects/" + projectKey + "/repos/" + slug;
    }

    /** {@code /builds/{id}/artifacts/{path}} with each segment of the path percent-encoded. */
    public static String artifactPath(long buildId, String path) {
        StringBuilder b = new StringBuilder("/builds/").append(buildId).append("/artifacts");
        for (String segment : path.split("/", -1)) {
            b.append('/').append(java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20"));
        }
        return b.toString();
    }

    public static String buildPage(String projectKey, String slug, long id) {
        return String.format(BUILD_PAGE, projectKey, slug, id);
    }
}

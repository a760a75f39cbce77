package io.ocelot.cli.client;

import com.fasterxml.jackson.core.type.TypeReference;
import io.ocelot.core.Json;
import io.ocelot.core.api.ArtifactList;
import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.CloneCredentialRequest;
import io.ocelot.core.api.CloneCredentialView;
import io.ocelot.core.api.ErrorReply;
import io.ocelot.core.api.LogPage;
import io.ocelot.core.api.ManualTriggerRequest;
import io.ocelot.core.api.RegistrationSecretView;
import io.ocelot.core.api.SettingsView;
import io.ocelot.core.api.StatusReply;
import io.ocelot.core.api.TriggerResponse;
import io.ocelot.core.api.UserApi;
import io.ocelot.core.api.WerkerView;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The user REST API ({@link UserApi}) from the command line, with HttpClient 5. Authenticates with a Bitbucket
 * personal access token as {@code Authorization: Bearer}. Errors come back as {@link ApiException} (the server said
 * no, with its message) or {@link UnreachableException} (no answer, or not an Ocelot answer).
 */
public final class OcelotClient implements Closeable {
    private final String server;
    private final String token;
    private final CloseableHttpClient http;

    public OcelotClient(String server, String token) {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.token = token;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(10)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(60)).build())
                .build();
    }

    public String server() {
        return server;
    }

    public StatusReply status(String ref, int limit) {
        return get("/status?ref=" + enc(ref) + "&limit=" + limit, StatusReply.class);
    }

    public List<BuildSummary> builds(String projectKey, String slug, String group, int limit) {
        String q = "?limit=" + limit + (group == null ? "" : "&group=" + enc(group));
        return get(UserApi.repoPath(projectKey, slug) + "/builds" + q, new TypeReference<>() { });
    }

    public List<BuildSummary> groupBuilds(String group, int limit) {
        return get("/groups/" + encPath(group) + "/builds?limit=" + limit, new TypeReference<>() { });
    }

    public BuildDetail build(long id) {
        return get("/builds/" + id, BuildDetail.class);
    }

    public LogPage log(long id, long offset) {
        return log(id, 0, offset);
    }

    /** A page of attempt {@code attempt}'s log (0: the current attempt). */
    public LogPage log(long id, int attempt, long offset) {
        return log(id, attempt, offset, 0);
    }

    /**
     * The same, held by the plugin up to {@code waitSeconds} while nothing past {@code offset} is there and the build
     * goes on (0: answered at once).
     */
    public LogPage log(long id, int attempt, long offset, int waitSeconds) {
        return get("/builds/" + id + "/log?offset=" + offset + (attempt == 0 ? "" : "&attempt=" + attempt)
                + (waitSeconds == 0 ? "" : "&wait=" + waitSeconds), LogPage.class);
    }

    public ArtifactList artifacts(long id) {
        return get("/builds/" + id + "/artifacts", ArtifactList.class);
    }

    /**
     * Streams artifact {@code path} of build {@code id} into {@code target} (created or replaced) and returns its
     * length; never held in memory. A refusal is an {@link ApiException} as for every call, and leaves no file.
     */
    public long download(long id, String path, java.nio.file.Path target) {
        String url = server + UserApi.BASE + UserApi.artifactPath(id, path);
        HttpUriRequestBase request = new HttpUriRequestBase("GET", URI.create(url));
        if (token != null) {
            request.setHeader("Authorization", "Bearer " + token);
        }
        try {
            return http.execute(request, response -> {
                int status = response.getCode();
                if (status == 200 && response.getEntity() != null) {
                    try (java.io.InputStream in = response.getEntity().getContent()) {
                        return java.nio.file.Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                throw refusal(url, status, response.getEntity() == null ? ""
                        : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8),
                        response.getEntity() != null && response.getEntity().getContentType() != null
                                && response.getEntity().getContentType().startsWith("application/json"));
            });
        } catch (Json.MalformedJsonException e) {
            throw new UnreachableException(url + " answered something that is not Ocelot's JSON", e);
        } catch (IOException e) {
            throw new UnreachableException("cannot download from " + server + ": " + e.getMessage(), e);
        }
    }

    private static RuntimeException refusal(String url, int status, String text, boolean json) {
        if (status >= 400 && status < 500 && json) {
            ErrorReply error = Json.read(text, ErrorReply.class);
            return new ApiException(status, error.error(), error.candidates());
        }
        if (status == 401 || status == 403) {
            return new ApiException(status, "the server refused the token (HTTP " + status + ")", null);
        }
        return new UnreachableException(url + " answered HTTP " + status + (json ? ": " + text : " (not an Ocelot answer; is the server URL right?)"), null);
    }

    /** A new build of the same commit and trigger inputs (REPO_WRITE). */
    public TriggerResponse rebuild(long id) {
        return send("POST", "/builds/" + id + "/rebuild", null, TriggerResponse.class);
    }

    public BuildSummary kill(long id) {
        return send("POST", "/builds/" + id + "/kill", null, BuildSummary.class);
    }

    public TriggerResponse trigger(String projectKey, String slug, ManualTriggerRequest request) {
        return send("POST", UserApi.repoPath(projectKey, slug) + "/trigger", Json.write(request), TriggerResponse.class);
    }

    public SettingsView watch(String projectKey, String slug, boolean on) {
        return send("POST", UserApi.repoPath(projectKey, slug) + (on ? "/watch" : "/unwatch"), null, SettingsView.class);
    }

    public List<WerkerView> werkers() {
        return get("/werkers", new TypeReference<>() { });
    }

    public WerkerView revokeWerker(long id) {
        return send("POST", "/werkers/" + id + "/revoke", null, WerkerView.class);
    }

    public RegistrationSecretView registrationSecret() {
        return get("/admin/registration-secret", RegistrationSecretView.class);
    }

    /** The new secret is in the answer, this once. */
    public RegistrationSecretView rotateRegistrationSecret() {
        return send("POST", "/admin/registration-secret", null, RegistrationSecretView.class);
    }

    public CloneCredentialView cloneCredential() {
        return get("/admin/clone-credentials", CloneCredentialView.class);
    }

    public void setCloneCredential(CloneCredentialRequest request) {
        call("PUT", "/admin/clone-credentials", Json.write(request));
    }

    public void clearCloneCredential() {
        call("DELETE", "/admin/clone-credentials", null);
    }

    private <T> T get(String path, Class<T> type) {
        return Json.mapper().convertValue(call("GET", path, null), type);
    }

    private <T> T get(String path, TypeReference<T> type) {
        return Json.mapper().convertValue(call("GET", path, null), type);
    }

    private <T> T send(String method, String path, String body, Class<T> type) {
        return Json.mapper().convertValue(call(method, path, body), type);
    }

    private Object call(String method, String path, String body) {
        String url = server + UserApi.BASE + path;
        HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(url));
        request.setHeader("Accept", "application/json");
        if (token != null) {
            request.setHeader("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        } else if (method.equals("POST") || method.equals("PUT")) {
            request.setEntity(new StringEntity("", ContentType.APPLICATION_JSON));
        }
        try {
            return http.execute(request, response -> {
                int status = response.getCode();
                String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                boolean json = response.getEntity() != null && response.getEntity().getContentType() != null
                        && response.getEntity().getContentType().startsWith("application/json");
                if (status == 204) {
                    return null;
                }
                if (status >= 200 && status < 300 && json) {
                    return Json.read(text, Object.class);
                }
                if (status >= 400 && status < 500 && json) {
                    ErrorReply error = Json.read(text, ErrorReply.class);
                    throw new ApiException(status, error.error(), error.candidates());
                }
                if (status == 401 || status == 403) { // Bitbucket's own refusal of a bad token, before Ocelot
                    throw new ApiException(status, "the server refused the token (HTTP " + status + ")", null);
                }
                throw new UnreachableException(url + " answered HTTP " + status + (json ? ": " + text : " (not an Ocelot answer; is the server URL right?)"), null);
            });
        } catch (Json.MalformedJsonException e) {
            throw new UnreachableException(url + " answered something that is not Ocelot's JSON", e);
        } catch (IOException e) {
            throw new UnreachableException("cannot reach " + server + ": " + e.getMessage(), e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String encPath(String s) {
        return enc(s).replace("+", "%20");
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}

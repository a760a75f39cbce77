package io.ocelot.plugin.testkit;

import io.ocelot.core.Json;
import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Messages.RegisterResponse;
import io.ocelot.core.protocol.Protocol;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.Assert.assertEquals;

/**
 * A werker's calls to a harness over real HTTP, as the werker makes them: JSON bodies, the token in
 * {@link Protocol#WERKER_TOKEN_HEADER} (none for {@code register}). For tests of the werker endpoints themselves.
 */
public final class WerkerHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WerkerHttp() {
    }

    /** POST {@code body} (JSON) to {@code path} under the werker API; {@code token} null sends none. */
    public static HttpResponse<String> post(PluginHarness h, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.werkerUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header(Protocol.WERKER_TOKEN_HEADER, token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The artifact upload ({@code PUT builds/{id}/artifacts?attempt&lease&stage&path}) with {@code body} as the raw
     * bytes; {@code query} as given (the test encodes it, so it can send what a werker should not).
     */
    public static HttpResponse<String> putArtifact(PluginHarness h, long buildId, String query, String token,
                                                   HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.werkerUrl() + "/builds/" + buildId
                        + Protocol.ARTIFACTS_PATH + "?" + query))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/octet-stream")
                .PUT(body);
        if (token != null) {
            b.header(Protocol.WERKER_TOKEN_HEADER, token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The query of an upload of {@code path} (encoded) from stage {@code stage} under {@code lease}. */
    public static String artifactQuery(io.ocelot.core.protocol.Messages.LeaseRef lease, int stage, String path) {
        return "attempt=" + lease.attempt() + "&lease=" + enc(lease.leaseId()) + "&stage=" + stage + "&path="
                + enc(path);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Registers a werker labelled {@code docker} with the harness's secret; fails the test unless it is 200. */
    public static RegisterResponse register(PluginHarness h, String name, int maxBuilds)
            throws IOException, InterruptedException {
        HttpResponse<String> r = post(h, "/register", null, Json.write(new RegisterRequest(Protocol.VERSION,
                h.registrationSecret(), name, List.of("docker"), maxBuilds, "test")));
        assertEquals(r.body(), 200, r.statusCode());
        return Json.read(r.body(), RegisterResponse.class);
    }
}

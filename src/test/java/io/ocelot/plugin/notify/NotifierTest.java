package io.ocelot.plugin.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.ocelot.core.Json;
import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.NotificationView;
import io.ocelot.core.api.SettingsView;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.crypto.FileSecretKeySource;
import io.ocelot.plugin.store.SettingStore;
import io.ocelot.plugin.testkit.InMemoryOcelot;
import io.ocelot.plugin.testkit.TestDatabase;
import io.ocelot.plugin.testkit.TestFiles;
import io.ocelot.plugin.testkit.UiFixture;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.SettingsRules;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * Notifications against a real local HTTP server standing in for Slack and a webhook receiver, with the allowlist and
 * webhook secrets in the real AO store. The receiver is on 127.0.0.1, which the notifier refuses by default: the
 * set-up allowlists it, and the tests of the refusal take it off again. No test sends anything off this machine.
 */
public class NotifierTest {
    private HttpServer receiver;
    private final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
    /** Statuses to answer, in order; 200 when exhausted. */
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger hits = new AtomicInteger();
    private ScheduledExecutorService executor;
    private InMemoryOcelot ocelot;
    private Notifier notifier;
    private String base;
    /** The real AO store behind the allowlist and the webhook secrets. */
    private Fixture store;
    private NotifyAllowlist allowlist;
    private WebhookSecrets secrets;
    private final ConcurrentLinkedQueue<String> signatures = new ConcurrentLinkedQueue<>();
    /** What the stand-in DNS answers for names ending in ".test" (never looked up on the network). */
    private volatile InetAddress[] testDns = new InetAddress[0];

    @Before
    public void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            hits.incrementAndGet();
            String sig = exchange.getRequestHeaders().getFirst(WebhookSecrets.HEADER);
            signatures.add(sig == null ? "(none)" : sig);
            if (exchange.getRequestURI().getPath().equals("/redirect")) {
                exchange.getResponseHeaders().add("Location", "/internal-admin");
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
                return;
            }
            received.add(exchange.getRequestURI().getPath() + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Integer status = script.poll();
            byte[] body = (status == null || status == 200 ? "ok" : "boom internal-data").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == null ? 200 : status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        receiver.start();
        base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        ocelot = new InMemoryOcelot();
        UiFixture.seed(ocelot);
        SettingsView withHook = new SettingsView(true, List.of(), true, true, true, "web", null, null, null,
                List.of(new SettingsView.Target("team", base + "/services/T0/B0/x", null)));
        ocelot.save(UiFixture.APP, SettingsRules.toChange(withHook, ocelot.get(UiFixture.APP)), "admin");
        store = new Fixture();
        allowlist = store.s.notifyAllowlist;
        allowlist.set(List.of("127.0.0.1")); // the receiver; the refusal tests take it off
        secrets = store.s.webhookSecrets;
        executor = Executors.newScheduledThreadPool(2);
        OutboundTargets targets = new OutboundTargets(allowlist::hosts, new org.apache.hc.client5.http.DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                if (host.endsWith(".test")) {
                    return testDns.clone();
                }
                return org.apache.hc.client5.http.SystemDefaultDnsResolver.INSTANCE.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        });
        notifier = new Notifier(executor, new RetryPolicy(3, Duration.ofMillis(50), Duration.ofSeconds(5)), ocelot,
                ocelot, () -> 42L, targets, secrets);
    }

    @After
    public void stop() throws Exception {
        notifier.close();
        executor.shutdownNow();
        receiver.stop(0);
        store.close();
        TestFiles.deleteTree(store.keyDir);
    }

    private BuildSummary build(long id) {
        return ocelot.build(id).map(BuildDetail::build).orElseThrow();
    }

    private List<NotificationView> awaitNotifications(long id, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<NotificationView> n = ocelot.build(id).orElseThrow().notifications();
            if (n.size() >= count) {
                return n;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + count + " notification(s) recorded for build " + id);
    }

    @Test
    public void slackGetsAnIncomingWebhookMessageAndTheWebhookTheBuildSummary() throws Exception {
        notifier.buildFinished(build(UiFixture.PASSED), List.of(
                new NotifyRule.Slack("#ci", "team", Set.of()),
                new NotifyRule.Webhook(URI.create(base + "/hook"), Set.of(NotifyRule.On.PASS))), "http://bb/build/1");
        List<NotificationView> n = awaitNotifications(UiFixture.PASSED, 2);
        assertTrue(n.stream().allMatch(NotificationView::delivered));
        String slack = received.stream().filter(s -> s.startsWith("/services/")).findFirst().orElseThrow();
        JsonNode msg = Json.mapper().readTree(slack.substring(slack.indexOf(' ') + 1));
        assertEquals("#ci", msg.get("channel").asText());
        assertEquals(":white_check_mark: PROJ/app build #1 passed on main (aaaa9999bbbb) <http://bb/build/1|details>", msg.get("text").asText());
        String hook = received.stream().filter(s -> s.startsWith("/hook")).findFirst().orElseThrow();
        JsonNode summary = Json.mapper().readTree(hook.substring(hook.indexOf(' ') + 1));
        assertEquals("build.finished", summary.get("event").asText());
        assertEquals("PASSED", summary.get("build").get("state").asText());
        assertEquals(UiFixture.OLD, summary.get("build").get("commit").asText());
        assertEquals("ocelot.yml's builds are the default pipeline", "default", summary.get("build").get("pipeline").asText());
    }

    /** A .ocelot/NAME.yml build says which pipeline it is; ocelot.yml's text stays as it was. */
    @Test
    public void aNamedPipelinesSlackTextNamesIt() throws Exception {
        BuildSummary b = build(UiFixture.PASSED);
        BuildSummary image = new BuildSummary(b.id(), b.projectKey(), b.repositorySlug(), b.branch(), b.commit(),
                b.commitMessage(), b.state(), b.trigger(), b.triggeredBy(), b.pullRequestId(), b.group(), b.werker(),
                b.queuedAt(), b.startedAt(), b.finishedAt(), "image");
        JsonNode msg = Json.mapper().readTree(Notifier.slackPayload(image, new NotifyRule.Slack("#ci", "team", Set.of()),
                "http://bb/build/1"));
        assertEquals(":white_check_mark: PROJ/app build #1 (image) passed on main (aaaa9999bbbb) <http://bb/build/1|details>",
                msg.get("text").asText());
    }

    @Test
    public void aServerErrorIsRetriedThenDelivered() throws Exception {
        script.add(500);
        notifier.buildFinished(build(UiFixture.PASSED), List.of(new NotifyRule.Webhook(URI.create(base + "/hook"), Set.of())), null);
        NotificationView n = awaitNotifications(UiFixture.PASSED, 1).get(0);
        assertTrue(n.delivered());
        assertEquals(2, n.attempts());
        assertEquals(2, hits.get());
    }

    @Test
    public void aPermanentFailureIsRecordedOnTheBuild() throws Exception {
        script.add(500);
        script.add(502);
        script.add(503);
        script.add(200); // never reached: three attempts in all
        notifier.buildFinished(build(UiFixture.PASSED), List.of(new NotifyRule.Webhook(URI.create(base + "/hook"), Set.of())), null);
        NotificationView n = awaitNotifications(UiFixture.PASSED, 1).get(0);
        assertFalse(n.delivered());
        assertEquals(3, n.attempts());
        assertEquals("webhook:127.0.0.1", n.target());
        assertEquals("only the status code: the reply body is never shown", "not delivered: HTTP 503", n.message());
        // a 4xx is not retried: it will not get better
        script.add(404);
        notifier.buildFinished(build(UiFixture.PASSED), List.of(new NotifyRule.Webhook(URI.create(base + "/gone"), Set.of())), null);
        NotificationView gone = awaitNotifications(UiFixture.PASSED, 2).get(1);
        assertEquals(1, gone.attempts());
        assertEquals(4, hits.get());
        // an unknown Slack identifier is reported, not silently dropped
        notifier.buildFinished(build(UiFixture.PASSED), List.of(new NotifyRule.Slack(null, "nobody", Set.of())), null);
        NotificationView missing = awaitNotifications(UiFixture.PASSED, 3).get(2);
        assertEquals("no Slack webhook 'nobody' in PROJ/app's Ocelot settings", missing.message());
    }

    @Test
    public void onFailOnlyFiresOnFailure() throws Exception {
        List<NotifyRule> rules = List.of(new NotifyRule.Webhook(URI.create(base + "/hook"), Set.of(NotifyRule.On.FAIL)));
        notifier.buildFinished(build(UiFixture.PASSED), rules, null);
        ocelot.finish(UiFixture.RUNNING, ApiBuildState.CANCELLED, "cancelled");
        notifier.buildFinished(build(UiFixture.RUNNING), rules, null);
        ocelot.finish(UiFixture.UNTRACKED, ApiBuildState.FAILED, "exit 1");
        notifier.buildFinished(build(UiFixture.UNTRACKED), rules, null);
        awaitNotifications(UiFixture.UNTRACKED, 1);
        executor.shutdown();
        assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
        assertEquals(1, hits.get());
        assertEquals(List.of(), ocelot.build(UiFixture.PASSED).orElseThrow().notifications());
    }

    @Test
    public void buildFinishedNeverWaitsForTheHook() {
        receiver.removeContext("/");
        receiver.createContext("/", exchange -> {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        long t0 = System.nanoTime();
        notifier.buildFinished(build(UiFixture.PASSED), List.of(new NotifyRule.Webhook(URI.create(base + "/slow"), Set.of())), null);
        assertTrue("buildFinished blocked", System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(500));
    }

    @Test
    public void aWebhookToLoopbackIsRefusedByDefaultAndNothingIsSent() throws Exception {
        allowlist.set(List.of());
        notifier.buildFinished(build(UiFixture.PASSED), List.of(new NotifyRule.Webhook(URI.create(base + "/hook"), Set.of())), null);
        NotificationView n = awaitNotifications(UiFixture.PASSED, 1).get(0);
        assertFalse(n.delivered());
        assertEquals("refused at once, not retried", 1, n.attempts());
        assertTrue(n.message(), n.message().startsWith("not delivered: refused: 127.0.0.1 resolves to a loopback address"));
        assertEquals(0, hits.get());
    }

    @Test
    public void aNameThatResolvesToLoopbackIsRefusedThoughItsAddressIsAllowlisted() throws Exception {
        // The allowlist names hosts as the URL does: allowing 127.0.0.1 does not allow any name pointing there.
        notifier.buildFinished(build(UiFixture.PASSED), List.of(new NotifyRule.Webhook(
                URI.create("http://localhost:" + receiver.getAddress().getPort() + "/hook"), Set.of())), null);
        NotificationView n = awaitNotifications(UiFixture.PASSED, 1).get(0);
        assertFalse(n.delivered());
        assertTrue(n.message(), n.message().contains("refused: localhost resolves to a loopback address"));
        assertEquals(0, hits.get());
    }

    @Test
    public void theClientConnectsOnlyToTheAddressesItChecked() throws Exception {
        // hook.test exists only in the notifier's own resolver: a delivery proves the connection used the checked
        // answer, not a second lookup that a rebinding DNS server could answer differently.
        testDns = new InetAddress[]{InetAddress.getByName("127.0.0.1")};
        URI hook = URI.create("http://hook.test:" + receiver.getAddress().getPort() + "/hook");
        notifier.buildFinished(build(UiFixture.PASSED), List.of(new NotifyRule.Webhook(hook, Set.of())), null);
        NotificationView refused = awaitNotifications(UiFixture.PASSED, 1).get(0);
        assertTrue(refused.message(), refused.message().contains("refused: hook.test resolves to a loopback address"));
        assertEquals(0, hits.get());

        allowlist.set(List.of("HOOK.test"));
        notifier.buildFinished(build(UiFixture.PASSED), List.of(new NotifyRule.Webhook(hook, Set.of())), null);
        assertTrue(awaitNotifications(UiFixture.PASSED, 2).get(1).delivered());
        assertEquals(1, hits.get());
    }

    @Test
    public void aRedirectIsNotFollowed() throws Exception {
        notifier.buildFinished(build(UiFixture.PASSED), List.of(new NotifyRule.Webhook(URI.create(base + "/redirect"), Set.of())), null);
        NotificationView n = awaitNotifications(UiFixture.PASSED, 1).get(0);
        assertFalse(n.delivered());
        assertEquals("not delivered: HTTP 302 (redirects are not followed)", n.message());
        assertEquals("the Location was never fetched", 1, hits.get());
    }

    @Test
    public void webhookBodiesAreSignedWithTheRepositorysSecret() throws Exception {
        notifier.buildFinished(build(UiFixture.PASSED), List.of(new NotifyRule.Webhook(URI.create(base + "/hook"), Set.of())), null);
        assertTrue(awaitNotifications(UiFixture.PASSED, 1).get(0).delivered());
        String hook = received.stream().filter(s -> s.startsWith("/hook")).findFirst().orElseThrow();
        byte[] body = hook.substring(hook.indexOf(' ') + 1).getBytes(StandardCharsets.UTF_8);
        String secret = secrets.secretFor(new RepositoryName("PROJ", "app"));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertEquals("sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body)), signatures.peek());
        assertFalse("another repository has another secret", secret.equals(secrets.secretFor(new RepositoryName("PROJ", "other"))));
    }

    @Test
    public void internalAddressesAreRecognised() throws Exception {
        for (String internal : List.of("127.0.0.1", "127.9.9.9", "::1", "10.0.0.1", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "224.0.0.1", "ff02::1",
                "0.0.0.0", "::", "::ffff:127.0.0.1", "::ffff:10.0.0.1")) {
            assertTrue(internal, OutboundTargets.isInternal(InetAddress.getByName(internal)));
        }
        for (String external : List.of("8.8.8.8", "172.32.0.1", "172.15.255.255", "192.169.0.1", "2001:db8::1")) {
            assertFalse(external, OutboundTargets.isInternal(InetAddress.getByName(external)));
        }
    }
}

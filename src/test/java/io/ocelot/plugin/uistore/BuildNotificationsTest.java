package io.ocelot.plugin.uistore;

import com.sun.net.httpserver.HttpServer;
import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.LogPage;
import io.ocelot.core.api.NotificationView;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.protocol.Messages;
import io.ocelot.plugin.store.LogStore;
import io.ocelot.plugin.ui.RepositoryName;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The end of a build on the real plugin: the ocelot.yml's {@code notify} section reaches real HTTP hooks in the
 * background, and every outcome (delivered or not) shows in the build's detail; and a log past its cap.
 */
public class BuildNotificationsTest {
    private HttpServer hooks;
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final List<String> signatures = new CopyOnWriteArrayList<>();
    private StoreWorld w;

    @Before
    public void start() throws Exception {
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/ok", ex -> {
            signatures.add(String.valueOf(ex.getRequestHeaders().getFirst("X-Ocelot-Signature")));
            delivered.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hooks.createContext("/broken", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] body = "down for maintenance".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(500, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        hooks.start();
    }

    @After
    public void stop() {
        if (w != null) {
            w.close();
        }
        hooks.stop(0);
    }

    private String hook(String path) {
        return "http://127.0.0.1:" + hooks.getAddress().getPort() + path;
    }

    @Test
    public void aFailedBuildNotifiesAsTheFileSaysAndABrokenHookShowsOnTheBuild() throws Exception {
        w = new StoreWorld();
        StoreWorld.Repo app = w.repo("PROJ", "app");
        w.h.enableRepository("PROJ", "app");
        // The hooks are on loopback, which notifications may reach only once an admin allows it.
        w.apiOk(Object.class, "PUT", "/admin/notify/allowed-hosts", "t-admin", "{\"hosts\":[\"127.0.0.1\"]}");
        w.apiOk(io.ocelot.core.api.SettingsView.class, "PUT", "/projects/PROJ/repos/app/settings", "t-admin",
                "{\"enabled\":true,\"buildPullRequests\":true,\"notificationTargets\":[{\"identifier\":\"team\",\"url\":\""
                        + hook("/broken") + "\"}]}");
        String pipeline = "image: ocelot/busybox\nnotify:\n"
                + "  slack: {channel: \"#ci\", identifier: team, on: [FAIL]}\n"
                + "  webhook: {url: \"" + hook("/ok") + "\", on: [FAIL]}\n"
                + "stages:\n  - name: build\n    script: [exit 1]\n";
        String failing = app.commit("break it", "ocelot.yml", pipeline);
        app.push("main");
        long id = w.h.builds().byCommitPrefix(failing, 1).get(0).id();
        StoreWorld.Werker werker = w.werker("w1");
        Messages.Job job = werker.poll();
        werker.finish(job, BuildResult.FAILED, "exit code 1 in build", 0);

        List<NotificationView> outcomes = awaitNotifications(id, 2);
        NotificationView webhook = outcomes.stream().filter(n -> n.target().startsWith("webhook:")).findFirst().orElseThrow();
        NotificationView slack = outcomes.stream().filter(n -> n.target().startsWith("slack:")).findFirst().orElseThrow();
        assertTrue(webhook.delivered());
        assertEquals("webhook:127.0.0.1", webhook.target());
        assertFalse(slack.delivered());
        assertEquals("slack:#ci", slack.target());
        assertEquals("retried, then given up", 3, slack.attempts());
        assertEquals("the status only, never what the receiver answered", "not delivered: HTTP 500", slack.message());
        assertEquals(1, delivered.size());
        assertTrue(delivered.get(0), delivered.get(0).contains("\"event\":\"build.finished\"")
                && delivered.get(0).contains("\"id\":" + id) && delivered.get(0).contains("/builds/" + id));
        assertEquals(io.ocelot.plugin.notify.WebhookSecrets.signature(
                w.h.services().webhookSecrets.secretFor(new RepositoryName("PROJ", "app")),
                delivered.get(0).getBytes(StandardCharsets.UTF_8)), signatures.get(0));

        // a build that passes notifies nobody here (on: [FAIL] everywhere)
        String fixed = app.commit("fix it", "ocelot.yml", pipeline.replace("exit 1", "true"));
        app.push("main");
        long ok = w.h.builds().byCommitPrefix(fixed, 1).get(0).id();
        Messages.Job second = werker.poll();
        assertEquals(ok, second.buildId());
        werker.finish(second, BuildResult.PASSED, null, 0);
        Thread.sleep(300);
        assertEquals(List.of(), w.apiOk(BuildDetail.class, "GET", "/builds/" + ok, "t-admin", null).notifications());
        assertEquals(1, delivered.size());
    }

    private List<NotificationView> awaitNotifications(long id, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            List<NotificationView> got = w.apiOk(BuildDetail.class, "GET", "/builds/" + id, "t-admin", null).notifications();
            if (got.size() >= n || System.currentTimeMillis() > deadline) {
                assertEquals(got.toString(), n, got.size());
                return got;
            }
            Thread.sleep(50);
        }
    }

    @Test
    public void aCappedLogEndsWithItsBannerAndIsComplete() {
        w = new StoreWorld(StoreWorld.FAST.withLogCap(10));
        StoreWorld.Repo app = w.repo("PROJ", "app");
        w.h.enableRepository("PROJ", "app");
        String head = app.commit("chatty", "ocelot.yml", StoreBackedUserApiTest.PIPELINE);
        app.push("main");
        long id = w.h.builds().byCommitPrefix(head, 1).get(0).id();
        StoreWorld.Werker werker = w.werker("w1");
        Messages.Job job = werker.poll();
        byte[] lots = "0123456789abcdefghij\n".getBytes(StandardCharsets.UTF_8);
        long at = werker.log(job, 0, 0, Messages.LogStream.STDOUT, lots);
        werker.finish(job, BuildResult.PASSED, null, at);

        String banner = LogStore.capBanner(10);
        StringBuilder text = new StringBuilder();
        long offset = 0;
        LogPage page;
        int pages = 0;
        do {
            page = w.apiOk(LogPage.class, "GET", "/builds/" + id + "/log?offset=" + offset + "&limit=16", "t-admin", null);
            page.chunks().stream().sorted(Comparator.comparingLong(LogPage.Chunk::offset)).forEach(c -> text.append(c.text()));
            offset = page.nextOffset();
        } while (!page.complete() && ++pages < 50);
        assertTrue("the tail ends", page.complete());
        assertEquals("0123456789" + banner, text.toString());
        assertEquals(10 + banner.getBytes(StandardCharsets.UTF_8).length,
                w.apiOk(BuildDetail.class, "GET", "/builds/" + id, "t-admin", null).logLength());
    }
}

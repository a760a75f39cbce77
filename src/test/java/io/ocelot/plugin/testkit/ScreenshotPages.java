package io.ocelot.plugin.testkit;

import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.NotificationView;
import io.ocelot.core.build.StageStatus;
import io.ocelot.plugin.ui.RepositorySettingsView;
import io.ocelot.plugin.web.PageRenderer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Renders the build page (finished with two attempts, and running with its Cancel button), the build lists (repository
 * and project), the settings page (with the badge and its snippet) and the admin page with realistic data and takes PNG screenshots with
 * headless Chromium (run by scripts/screenshots.sh). The pages are served over HTTP by the real servlet and REST
 * resources (so the log on the build page is fetched and coloured by the real script) and rendered by Google Soy
 * 2016-08-09 (what the tests use; see GoogleSoyPageRenderer); Bitbucket's decorator is
 * imitated with a header, a sidebar and a small AUI-like stylesheet. Usage: ScreenshotPages OUT_DIR CHROMIUM
 */
public final class ScreenshotPages {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/screenshots");
        String chromium = args.length > 1 ? args[1] : "chromium";
        Files.createDirectories(out);
        InMemoryOcelot o = new InMemoryOcelot();
        seed(o);
        InMemoryUserPermissions users = UiFixture.users();
        String root = System.getProperty("ocelot.repo.root", ".");
        String css;
        try (InputStream in = ScreenshotPages.class.getResourceAsStream("/screenshot/aui-lite.css")) {
            css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (PageServer server = new PageServer(o, users, root + "/src/main/resources/static", r -> decorated(r, css))) {
            // the browser signs in through the stand-in login (a session cookie is not something --screenshot can send,
            // so the pages are fetched with a token in a one-off query the stand-in login turns into a session)
            List<String[]> shots = List.of(
                    new String[]{"build-page.png", "/plugins/servlet/ocelot/projects/PROJ/repos/app/builds/5", "1500"},
                    new String[]{"build-page-running.png", "/plugins/servlet/ocelot/projects/PROJ/repos/app/builds/6"},
                    new String[]{"build-list.png", "/plugins/servlet/ocelot/projects/PROJ/repos/app/builds"},
                    new String[]{"build-list-project.png", "/plugins/servlet/ocelot/projects/PROJ/builds"},
                    new String[]{"settings-page.png", "/plugins/servlet/ocelot/projects/PROJ/repos/app/settings", "1500"},
                    new String[]{"admin-page.png", "/plugins/servlet/ocelot-admin", "1900"});
            for (String[] shot : shots) {
                String url = server.baseUrl + "/login?as=t-admin&then=" + java.net.URLEncoder.encode(shot[1], StandardCharsets.UTF_8);
                Path png = out.resolve(shot[0]).toAbsolutePath();
                Files.writeString(out.resolve(shot[0].replace(".png", ".html")), fetch(server.baseUrl + shot[1]));
                List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                        "--user-data-dir=" + Files.createTempDirectory("ocelot-chromium"), "--hide-scrollbars",
                        "--virtual-time-budget=5000", "--screenshot=" + png, "--window-size=1280," + (shot.length > 2 ? shot[2] : "900"), url));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolve("chromium.log").toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("chromium hung on " + shot[1]);
                }
                if (p.exitValue() != 0 || !Files.isRegularFile(png)) {
                    throw new IllegalStateException("chromium failed on " + shot[1] + ", see " + out.resolve("chromium.log"));
                }
                System.out.println("wrote " + png);
            }
        }
    }

    private static String fetch(String url) throws IOException, InterruptedException {
        var client = java.net.http.HttpClient.newHttpClient();
        var req = java.net.http.HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer t-admin").build();
        return client.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** What Bitbucket's decorator adds around a page: AUI, the page's web resources, header and sidebar. */
    private static PageRenderer decorated(PageRenderer inner, String css) {
        return (out, template, data, context) -> {
            StringBuilder page = new StringBuilder();
            inner.render(page, template, data, context);
            String head = "<style>" + css + "</style><link rel=\"stylesheet\" href=\"/bitbucket/static/ocelot.css\">"
                    + (context == null ? "" : "<script src=\"/bitbucket/static/ocelot-ansi.js\"></script>"
                    + "<script src=\"/bitbucket/static/ocelot-log.js\"></script>");
            boolean settings = template.equals(PageRenderer.SETTINGS);
            String chrome = template.equals(PageRenderer.ADMIN) ? adminChrome() : "<div class=\"bb-header\"><span class=\"bb-logo\">Bitbucket</span><span>Projects</span>"
                    + "<span>Repositories</span></div><div class=\"bb-layout\"><div class=\"bb-sidebar\">"
                    + "<div><b>app</b></div><div>Source</div><div>Commits</div><div>Branches</div><div>Pull requests</div>"
                    + "<div" + (settings ? "" : " class=\"bb-active\"") + ">Builds</div>"
                    + (settings ? "<div class=\"bb-section\">Repository settings</div><div>Repository details</div>"
                    + "<div>Repository permissions</div><div>Branch permissions</div><div>Webhooks</div>"
                    + "<div class=\"bb-active\">Ocelot CI</div>" : "")
                    + "</div><div class=\"bb-content\"><div class=\"bb-breadcrumb\">Project / app</div>";
            String html = page.toString().replace("</head>", head + "</head>").replace("<body>", "<body>" + chrome)
                    .replace("</body>", "</div></div></body>");
            out.append(html);
        };
    }

    /** Bitbucket's administration layout (atl.admin): the admin sidebar with the add-ons section. */
    private static String adminChrome() {
        return "<div class=\"bb-header\"><span class=\"bb-logo\">Bitbucket</span><span>Projects</span>"
                + "<span>Repositories</span></div><div class=\"bb-layout\"><div class=\"bb-sidebar\">"
                + "<div class=\"bb-section\">Accounts</div><div>Users</div><div>Groups</div><div>Global permissions</div>"
                + "<div class=\"bb-section\">Settings</div><div>Server settings</div><div>Authentication</div>"
                + "<div class=\"bb-section\">Add-ons</div><div>Manage apps</div><div class=\"bb-active\">Ocelot CI</div>"
                + "</div><div class=\"bb-content\"><div class=\"bb-breadcrumb\">Administration</div>";
    }

    static void seed(InMemoryOcelot o) {
        UiFixture.seed(o);
        o.rotateRegistrationSecret("admin");
        o.setCloneCredential(io.ocelot.core.api.CloneCredentialRequest.http("svc-ocelot", "BBDC-token")
                .withUrlTemplate("https://bitbucket.example.com/scm/{project}/{slug}.git"), "admin");
        o.setRegistryCredential(new io.ocelot.core.api.RegistryCredentialRequest("registry.example.com:5000", "ci-pull", "x"), "admin");
        o.setRegistryCredential(new io.ocelot.core.api.RegistryCredentialRequest("ghcr.io", "acme-bot", "y"), "admin");
        o.save(UiFixture.APP, new RepositorySettingsView.Change(true, List.of("linux", "docker"), false, true, true, "web",
                Map.of("DEPLOY_KEY", "x", "NPM_TOKEN", "y"), Set.of(),
                Map.of("team-ci", URI.create("https://hooks.slack.com/services/T0/B0/XXXX"))), "admin");
        o.clock += 60_000;
        long b4 = o.addBuild(UiFixture.APP, "feature/login", "c0ffee11bbbb2222cccc3333dddd4444eeee5555", "Add login form", "PULL_REQUEST", "dana", "web");
        o.start(b4, "werker-2", List.of("build"));
        o.stage(b4, 0, StageStatus.PASSED, 0, 30_000L, "exit code 0");
        o.clock += 30_000;
        o.finish(b4, ApiBuildState.PASSED, null);
        o.clock += 120_000;
        long id = o.addBuild(UiFixture.APP, "main", "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432",
                "Speed up the integration tests\n\nRuns the suites in parallel.", "PUSH", "alice", "web");
        o.clock += 4_000;
        // a first attempt whose werker vanished: the page lists the attempts
        o.start(id, "werker-3", List.of("build", "unit tests", "integration tests", "publish"));
        o.log(id, 0, "SYSTEM", "Pulling image maven:3.9-eclipse-temurin-17 ...\n");
        o.requeue(id);
        o.clock += 60_000;
        o.start(id, "werker-1", List.of("build", "unit tests", "integration tests", "publish"));
        o.log(id, 0, "SYSTEM", "Pulling image maven:3.9-eclipse-temurin-17 ... done\n");
        o.log(id, 0, "STDOUT", "\u001b[1m[INFO]\u001b[0m Scanning for projects...\n\u001b[1m[INFO]\u001b[0m Building app 1.4.0-SNAPSHOT\n"
                + "\u001b[1m[INFO]\u001b[0m \u001b[32mBUILD SUCCESS\u001b[0m\n");
        o.stage(id, 0, StageStatus.PASSED, 0, 41_000L, "exit code 0");
        o.log(id, 1, "STDOUT", "Running io.app.LoginTest\nTests run: 42, Failures: 0, Errors: 0, Skipped: 0\n");
        o.stage(id, 1, StageStatus.PASSED, 0, 73_000L, "exit code 0");
        o.log(id, 2, "STDOUT", "Running io.app.CheckoutIT\n");
        o.log(id, 2, "STDERR", "\u001b[31mERROR\u001b[0m CheckoutIT.paysWithCard:88 expected:<PAID> but was:<PENDING>\n"
                + "<html> in a log line stays text\n");
        o.log(id, 2, "STDOUT", "Tests run: 17, \u001b[31mFailures: 1\u001b[0m, Errors: 0, Skipped: 0\n");
        o.stage(id, 2, StageStatus.FAILED, 1, 125_000L, "exit code 1");
        o.stage(id, 3, StageStatus.SKIPPED, null, null, "skipped: an earlier stage failed");
        o.log(id, 3, "SYSTEM", "Stage 'publish' skipped: an earlier stage failed\n");
        o.clock += 240_000;
        o.finish(id, ApiBuildState.FAILED, "stage 'integration tests' failed (exit code 1)");
        o.record(id, new NotificationView("slack:#ci", true, 1, "delivered", o.clock));
        o.record(id, new NotificationView("webhook:deploy.example.com", false, 4, "not delivered: HTTP 503: Service Unavailable", o.clock));
        o.werker(new io.ocelot.core.api.WerkerView(2, "werker-2", List.of("linux", "docker", "gpu"), "BUSY", 4, 3, o.clock - 3_000, "0.1.0"));
        o.werker(new io.ocelot.core.api.WerkerView(3, "old-mac", List.of("macos"), "DISABLED", 1, 0, o.clock - 86_400_000L * 3, "0.0.9"));
        if (id != 5) {
            throw new IllegalStateException("screenshot build id moved: " + id);
        }
        o.clock += 10_000;
        long running = o.addBuild(UiFixture.APP, "main", "1a2b3c4d5e6f708192a3b4c5d6e7f80912345678",
                "Retry flaky payment calls", "PUSH", "alice", "web");
        o.start(running, "werker-1", List.of("build", "unit tests"));
        o.log(running, 0, "STDOUT", "Compiling 212 source files\n");
        o.stage(running, 0, StageStatus.PASSED, 0, 38_000L, "exit code 0");
        o.stage(running, 1, StageStatus.RUNNING, null, null, null);
        o.log(running, 1, "STDOUT", "Running io.app.PaymentTest\n");
        o.clock += 50_000;
        if (running != 6) {
            throw new IllegalStateException("screenshot build id moved: " + running);
        }
    }
}

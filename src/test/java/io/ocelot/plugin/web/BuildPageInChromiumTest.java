package io.ocelot.plugin.web;

import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.build.StageStatus;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.testkit.HeadlessChromium;
import io.ocelot.plugin.testkit.InMemoryRepositoryFiles;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.ScriptedWerker;
import io.ocelot.plugin.trigger.PlanOutcome;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * Issue 15, done-when for the pages: the build page as a person uses it, in headless Chromium against the harness's
 * real page servlet over the strict Bitbucket. A user with REPO_WRITE clicks Cancel (the build is asked to stop),
 * downloads the log (a text file with the stored log), opens and closes a stage's section, and clicks Rebuild (a
 * new build of the same commit, whose page the browser lands on). A reader sees neither button.
 */
public class BuildPageInChromiumTest {
    private static final String LOG = "pulling ocelot/busybox\ncompiling\ncompiled 12 files\nrunning tests\n";
    private final InMemoryRepositoryFiles files = new InMemoryRepositoryFiles();
    private final io.ocelot.plugin.ui.RepositoryName app = new io.ocelot.plugin.ui.RepositoryName("PROJ", "app");
    private final InMemoryUserPermissions users = new InMemoryUserPermissions()
            .user("reader", "t-reader").user("writer", "t-writer")
            .grant("reader", app, RepoPermission.REPO_READ).grant("writer", app, RepoPermission.REPO_WRITE);
    private PluginHarness h;
    private HeadlessChromium browser;
    private RepositoryRef repo;

    @Before
    public void start() throws Exception {
        h = PluginHarness.start(PluginHarness.options().users(users).pages(true).files(files)
                .changesets((r, since, until) -> new Changeset(List.of("msg"), List.of("a.txt")))
                .planner((pipeline, name, content, event) -> new PlanOutcome.Planned(Fixture.plan("ocelot/busybox", null,
                        "build", "test")))
                .config(new OcelotConfig().with(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(20))));
        repo = h.enableRepository("PROJ", "app");
        browser = new HeadlessChromium();
    }

    @After
    public void stop() {
        if (browser != null) {
            browser.close();
        }
        if (h != null) {
            h.close();
        }
    }

    @Test
    public void aWriterCancelsDownloadsTheLogAndRebuilds() throws Exception {
        files.put(repo, sha(1), "ocelot.yml", "image: ocelot/busybox\n");
        h.push(repo, "main", null, sha(1));
        ScriptedWerker werker = new ScriptedWerker(h, "w1");
        Job job = werker.take();
        werker.log(job, 0, LogStream.SYSTEM, "pulling ocelot/busybox\n");
        werker.log(job, 0, LogStream.STDOUT, "compiling\ncompiled 12 files\n");
        werker.stage(job, 0, "build", StageStatus.PASSED, 0, 3_000);
        werker.stage(job, 1, "test", StageStatus.RUNNING, null, 0);
        werker.log(job, 1, LogStream.STDOUT, "running tests\n");
        String page = h.pagesUrl() + "/plugins/servlet/ocelot/projects/PROJ/repos/app/builds/" + job.buildId();

        browser.open(h.pagesUrl() + "/login?as=t-reader"); // Bitbucket's login: a session cookie from here on
        browser.open(page);
        assertTrue(browser.eval("document.body.textContent").asText().contains("compiled 12 files"));
        assertFalse("a reader has no Rebuild", browser.eval("!!document.querySelector('#ocelot-rebuild')").asBoolean());
        assertFalse("a reader has no Cancel", browser.eval("!!document.querySelector('#ocelot-cancel')").asBoolean());

        browser.open(h.pagesUrl() + "/login?as=t-writer");
        browser.open(page);
        assertEquals("two stage sections", 2, browser.eval("document.querySelectorAll('details.ocelot-section').length").asInt());
        assertFalse("a passed stage starts closed", browser.eval("document.querySelectorAll('details.ocelot-section')[0].open").asBoolean());
        browser.click("details.ocelot-section:first-of-type > summary");
        assertTrue("a click opens it", browser.eval("document.querySelectorAll('details.ocelot-section')[0].open").asBoolean());
        assertTrue("the running stage is open", browser.eval("document.querySelectorAll('details.ocelot-section')[1].open").asBoolean());

        browser.clickAndWaitForPage("#ocelot-cancel");
        assertTrue(browser.eval("location.href").asText(), browser.eval("location.href").asText().endsWith("?done=cancel"));
        assertTrue(browser.eval("document.body.innerText").asText().contains("Cancel requested"));
        assertTrue("the build is asked to stop", h.builds().find(job.buildId()).orElseThrow().cancelRequested());
        assertTrue("and its werker is told", werker.heartbeat(job).cancel());

        Path file = browser.clickAndDownload("#ocelot-download");
        assertEquals("PROJ-app-build-" + job.buildId() + ".log", file.getFileName().toString());
        assertEquals(LOG, Files.readString(file));

        browser.clickAndWaitForPage("#ocelot-rebuild");
        List<Build> builds = h.builds().search(List.of(repo.id()), null, null, null, null, 10);
        assertEquals("Rebuild made a new build", 2, builds.size());
        Build rebuilt = builds.get(0);
        assertEquals(sha(1), rebuilt.commit());
        String at = browser.eval("location.href").asText();
        assertTrue(at, at.contains("/builds/" + rebuilt.id() + "?done=rebuild"));
        assertTrue(browser.eval("document.body.innerText").asText().contains("Rebuilt from #" + job.buildId()));
    }
}

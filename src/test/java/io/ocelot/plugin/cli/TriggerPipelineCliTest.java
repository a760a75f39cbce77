package io.ocelot.plugin.cli;

import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.HarnessRepository;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * {@code ocelot trigger --pipeline NAME} and {@code ocelot show} as the real jar, against the plugin's user REST API
 * in a {@link PluginHarness} (real trigger service, parser, store; the strict Bitbucket stand-in over git): a
 * repository with {@code ocelot.yml} and {@code .ocelot/image.yml} ({@code paths: [Dockerfile, deps/]}).
 */
public class TriggerPipelineCliTest {
    private static final Pattern QUEUED = Pattern.compile("build #(\\d+) queued");
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private PluginHarness h;
    private RepositoryRef repo;

    @Before
    public void start() {
        h = PluginHarness.start(PluginHarness.options().users(new InMemoryUserPermissions().user("wanda", "t-wanda")
                .grant("wanda", new RepositoryName("PROJ", "app"), RepoPermission.REPO_WRITE)));
        repo = h.enableRepository("PROJ", "app");
        HarnessRepository git = h.gitRepository(repo);
        git.commit("start", "ocelot.yml", io.ocelot.plugin.trigger.MultiplePipelinesTest.DEFAULT_YML,
                ".ocelot/image.yml", io.ocelot.plugin.trigger.MultiplePipelinesTest.IMAGE_YML, "deps/x", "1\n");
        git.commit("docs", "README", "hi\n");
        git.pushTo("main");
    }

    @After
    public void stop() {
        h.close();
    }

    private OcelotCli.Run ocelot(String... args) throws Exception {
        return new OcelotCli(tmp.getRoot()).run(h.baseUrl(), "t-wanda", null, args);
    }

    private static long built(String out) {
        Matcher m = QUEUED.matcher(out);
        assertTrue(out, m.find());
        return Long.parseLong(m.group(1));
    }

    @Test
    public void triggerBuildsEveryPipelineThatBuildsOrTheOneNamed() throws Exception {
        OcelotCli.Run every = ocelot("trigger", "PROJ/app", "--branch", "main");
        assertEquals(every.err(), 0, every.exit());
        assertTrue(every.out(), every.out().startsWith("default: build #"));
        assertTrue(every.out(), every.out().contains("\nimage: not built: no changed path starts with paths "
                + "[Dockerfile, deps/]"));
        assertEquals("default", h.builds().find(built(every.out())).orElseThrow().pipeline());

        OcelotCli.Run refused = ocelot("trigger", "PROJ/app", "--branch", "main", "--pipeline", "image");
        assertEquals(refused.err(), 1, refused.exit());
        assertTrue(refused.out(), refused.out().startsWith("not built: no changed path starts with paths"));

        OcelotCli.Run forced = ocelot("trigger", "PROJ/app", "--branch", "main", "--pipeline", "image", "--force");
        assertEquals(forced.err(), 0, forced.exit());
        Build image = h.builds().find(built(forced.out())).orElseThrow();
        assertEquals("image", image.pipeline());
        assertEquals(List.of("image"), h.builds().stages(image.id()).stream().map(s -> s.name()).toList());

        OcelotCli.Run shown = ocelot("show", String.valueOf(image.id()));
        assertTrue(shown.out(), shown.out().contains("pipeline") && shown.out().contains("image (.ocelot/image.yml)"));

        OcelotCli.Run missing = ocelot("trigger", "PROJ/app", "--branch", "main", "--pipeline", "docs");
        assertEquals(missing.out(), 5, missing.exit());
        assertTrue(missing.err(), missing.err().contains("no .ocelot/docs.yml at "));
    }
}

package io.ocelot.plugin.web;

import com.google.template.soy.tofu.SoyTofu;
import io.ocelot.plugin.testkit.GoogleSoyPageRenderer;
import org.junit.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The test world is as strict as Bitbucket: the test renderer (Google Soy 2016-08-09) refuses what Bitbucket's 2014
 * fork refuses, so a page that compiles here compiles there; and it escapes as a 2014 template does, HTML only, so
 * the pages' tests see exactly what Bitbucket would print (a URL is not defused by Soy: PageUrls must do it).
 */
public class SoyDialectTest {
    private static final String HEADER = "{namespace probe}\n/**\n * A probe.\n * @param xs\n */\n{template .p}\n";

    private static String refusal(String body) {
        try {
            GoogleSoyPageRenderer.compile(HEADER + body + "\n{/template}\n", "probe.soy");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        fail("the 2014 dialect refuses this, the test renderer accepted it: " + body);
        return null;
    }

    @Test
    public void constructsBitbucketsSoyRefusesAreRefused() {
        // a list in {for}: 2014 takes only range() there (lists need {foreach})
        assertTrue(refusal("{for $x in $xs}{$x}{/for}"), refusal("{for $x in $xs}{$x}{/for}").contains("probe.soy"));
        refusal("{for $x in $xs}{$x}{ifempty}none{/for}");
    }

    @Test
    public void theDialectThePagesUseCompiles() {
        SoyTofu tofu = GoogleSoyPageRenderer.compile(HEADER
                + "{foreach $x in $xs}<b>{$x}</b>{ifempty}none{/foreach}{for $i in range(2)}{$i}{/for}\n{/template}\n",
                "probe.soy");
        StringBuilder out = new StringBuilder();
        tofu.newRenderer("probe.p").setData(Map.of("xs", List.of("<i>", "\"q'"))).render(out);
        assertEquals("<b>&lt;i&gt;</b><b>&quot;q&#39;</b>01", out.toString());
    }

    @Test
    public void escapingIsHtmlOnlyAsIn2014SoUrlsAreJavasJob() {
        SoyTofu tofu = GoogleSoyPageRenderer.compile("{namespace probe}\n/**\n * Link.\n * @param u\n */\n"
                + "{template .a}\n<a href=\"{$u}\">x</a>\n{/template}\n", "probe.soy");
        StringBuilder out = new StringBuilder();
        tofu.newRenderer("probe.a").setData(Map.of("u", "javascript:alert(1)")).render(out);
        assertEquals("Bitbucket's Soy would print this href as is", "<a href=\"javascript:alert(1)\">x</a>", out.toString());
    }

    @Test
    public void aTemplateNamingAnAutoescapeModeIsRefused() {
        try {
            GoogleSoyPageRenderer.compile("{namespace probe}\n/** X. */\n{template .s autoescape=\"strict\"}\nx\n{/template}\n", "probe.soy");
            fail("accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("autoescape"));
        }
    }

    @Test
    public void thePluginsTemplatesAreIn2014Dialect() throws Exception {
        String source;
        try (InputStream in = SoyDialectTest.class.getResourceAsStream(GoogleSoyPageRenderer.TEMPLATES)) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SoyTofu tofu = GoogleSoyPageRenderer.compile(source, "ocelot-pages.soy");
        for (String page : List.of(PageRenderer.SETTINGS, PageRenderer.BUILD, PageRenderer.BUILDS, PageRenderer.ADMIN)) {
            assertEquals(page + " uses no injected data", 0, tofu.getUsedIjParamsForTemplate(page).size()); // throws when missing
        }
        try {
            tofu.getUsedIjParamsForTemplate("ocelot.page.nothing");
            fail("an unknown template was found");
        } catch (RuntimeException expected) {
            // the check above is a real lookup
        }
        assertTrue("no {@param} headers: SoyDoc is what Atlassian's templates use", !source.contains("{@param"));
    }
}

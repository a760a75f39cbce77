package io.ocelot.plugin.testkit;

import com.google.template.soy.SoyFileSet;
import com.google.template.soy.jbcsrc.api.SoySauce;
import io.ocelot.plugin.web.PageRenderer;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link PageRenderer} over Google Soy 2021-02-01 (SoySauce, the compiled renderer), reading the plugin's real
 * templates from the class path. It records the web-resource contexts pages require, as Bitbucket's page builder would.
 */
public final class GoogleSoyPageRenderer implements PageRenderer {
    private final SoySauce soy;
    public final List<String> requiredContexts = new ArrayList<>();

    public GoogleSoyPageRenderer() {
        soy = compiled();
    }

    private static SoySauce shared;

    /** Compiled once per JVM: compiling the templates takes seconds, rendering microseconds. */
    private static synchronized SoySauce compiled() {
        if (shared != null) {
            return shared;
        }
        URL file = GoogleSoyPageRenderer.class.getResource("/templates/ocelot-pages.soy");
        if (file == null) {
            throw new IllegalStateException("templates/ocelot-pages.soy not on the class path");
        }
        shared = SoyFileSet.builder().add(file, "templates/ocelot-pages.soy").build().compileTemplates();
        return shared;
    }

    @Override
    public synchronized void render(Appendable out, String template, Map<String, Object> data, String resourceContext)
            throws IOException {
        if (resourceContext != null) {
            requiredContexts.add(resourceContext);
        }
        SoySauce.WriteContinuation c = soy.renderTemplate(template).setData(data).renderHtml(out);
        if (!c.result().isDone()) {
            throw new IllegalStateException(template + " did not finish rendering: " + c.result());
        }
    }
}

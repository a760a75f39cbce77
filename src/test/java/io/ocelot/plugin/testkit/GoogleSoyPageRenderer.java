package io.ocelot.plugin.testkit;

import com.google.template.soy.SoyFileSet;
import com.google.template.soy.tofu.SoyTofu;
import io.ocelot.plugin.web.PageRenderer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link PageRenderer} over Google Soy 2016-08-09 (Tofu, the interpreting renderer), reading the plugin's real
 * templates from the class path. It records the web-resource contexts pages require, as Bitbucket's page builder would.
 *
 * <p>Why 2016-08-09: Bitbucket renders with Atlassian's fork of Closure Templates 2014-04-22, which is not on Maven
 * Central; 2016-08-09 is the oldest Google Soy there and refuses what the fork refuses ({@code {for $x in $list}},
 * {@code {ifempty}} inside {@code {for}}). Newer releases accept both, so they would let a page that Bitbucket cannot
 * compile pass the tests.
 *
 * <p>Escaping as in 2014: a 2014 template without an {@code autoescape} attribute escapes HTML only
 * ({@code AutoescapeMode.TRUE}), while 2016 would escape it by context (and quietly defuse a {@code javascript:}
 * href). So each template is compiled here as {@code autoescape="deprecated-noncontextual"}, 2016's name for the same
 * HTML-only mode: what Bitbucket would print is what the tests see. A template that names its own autoescape mode is
 * refused, because the 2014 fork does not know 2016's names.
 */
public final class GoogleSoyPageRenderer implements PageRenderer {
    /** The plugin's template file on the class path. */
    public static final String TEMPLATES = "/templates/ocelot-pages.soy";
    private static final Pattern TEMPLATE_TAG = Pattern.compile("\\{template (\\.\\w+)([^}]*)}");
    private final SoyTofu soy;
    public final List<String> requiredContexts = new ArrayList<>();

    public GoogleSoyPageRenderer() {
        soy = compiled();
    }

    private static SoyTofu shared;

    /** Compiled once per JVM: compiling the templates takes a while, rendering microseconds. */
    private static synchronized SoyTofu compiled() {
        if (shared == null) {
            try (InputStream in = GoogleSoyPageRenderer.class.getResourceAsStream(TEMPLATES)) {
                if (in == null) {
                    throw new IllegalStateException(TEMPLATES + " not on the class path");
                }
                shared = compile(new String(in.readAllBytes(), StandardCharsets.UTF_8), TEMPLATES.substring(1));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + TEMPLATES, e);
            }
        }
        return shared;
    }

    /**
     * Compiles Soy source as Bitbucket's 2014 renderer would treat it; {@link IllegalArgumentException} (with Soy's
     * messages, which name the file, line and construct) when it does not compile.
     */
    public static SoyTofu compile(String source, String fileName) {
        Matcher m = TEMPLATE_TAG.matcher(source);
        StringBuilder html2014 = new StringBuilder();
        while (m.find()) {
            if (m.group(2).contains("autoescape")) {
                throw new IllegalArgumentException(fileName + ": template " + m.group(1) + " names an autoescape mode;"
                        + " Bitbucket's pages use none (HTML escaping only)");
            }
            m.appendReplacement(html2014, Matcher.quoteReplacement(
                    "{template " + m.group(1) + m.group(2) + " autoescape=\"deprecated-noncontextual\"}"));
        }
        m.appendTail(html2014);
        try {
            return SoyFileSet.builder().add(html2014, fileName).build().compileToTofu();
        } catch (RuntimeException e) { // SoyCompilationException: one message per error, with file and line
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public synchronized void render(Appendable out, String template, Map<String, Object> data, String resourceContext)
            throws IOException {
        if (resourceContext != null) {
            requiredContexts.add(resourceContext);
        }
        soy.newRenderer(template).setData(data).render(out);
    }
}

package io.ocelot.plugin.web;

import com.atlassian.soy.renderer.SoyException;
import com.atlassian.soy.renderer.SoyTemplateRenderer;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import com.atlassian.webresource.api.assembler.PageBuilderService;

import javax.inject.Inject;
import javax.inject.Named;

import java.io.IOException;
import java.util.Map;

/**
 * {@link PageRenderer} in Bitbucket: the page's web-resource context is required through the page builder, then the
 * template is rendered from the plugin's Soy web-resource (module {@value #SOY_MODULE} in atlassian-plugin.xml).
 */
@Named
public final class AtlassianPageRenderer implements PageRenderer {
    /** The web-resource that holds ocelot-pages.soy ({@code Atlassian-Plugin-Key:key}). */
    public static final String SOY_MODULE = "io.ocelot.ocelot-bitbucket-plugin:ocelot-soy-templates";

    private final SoyTemplateRenderer soy;
    private final PageBuilderService pageBuilder;

    @Inject
    public AtlassianPageRenderer(@ComponentImport SoyTemplateRenderer soy,
                                 @ComponentImport PageBuilderService pageBuilder) {
        this.soy = soy;
        this.pageBuilder = pageBuilder;
    }

    @Override
    public void render(Appendable out, String template, Map<String, Object> data, String resourceContext) throws IOException {
        if (resourceContext != null) {
            pageBuilder.assembler().resources().requireContext(resourceContext);
        }
        try {
            soy.render(out, SOY_MODULE, template, data);
        } catch (SoyException e) {
            throw new IOException("cannot render " + template + ": " + e.getMessage(), e);
        }
    }
}

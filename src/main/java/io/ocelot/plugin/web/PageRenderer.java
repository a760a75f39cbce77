package io.ocelot.plugin.web;

import java.io.IOException;
import java.util.Map;

/**
 * Renders one of Ocelot's Soy pages ({@code templates/ocelot-pages.soy}). In Bitbucket: Atlassian's Soy renderer
 * ({@link AtlassianPageRenderer}); in tests and for screenshots: Google Soy over the same template file.
 */
public interface PageRenderer {
    /** Template names, relative to the namespace {@code ocelot.page}. */
    String SETTINGS = "ocelot.page.settings";
    String BUILD = "ocelot.page.build";
    String BUILDS = "ocelot.page.builds";
    /** The global settings in Bitbucket's administration area (OcelotAdminServlet). */
    String ADMIN = "ocelot.page.admin";

    /** @param resourceContext the web-resource context with the page's JS/CSS (the build page's live log), or null */
    void render(Appendable out, String template, Map<String, Object> data, String resourceContext) throws IOException;
}

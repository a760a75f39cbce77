package com.atlassian.soy.renderer;

import java.util.Map;

/** Compile-only declaration (atlassian-api-notes.md). */
public interface SoyTemplateRenderer {
    void render(Appendable appendable, String completeModuleKey, String templateName, Map<String, Object> data)
            throws SoyException;

    String render(String completeModuleKey, String templateName, Map<String, Object> data) throws SoyException;
}

package io.ocelot.plugin.web;

import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/** Sending a rendered page, the same way for every servlet. */
final class PageResponses {
    private PageResponses() {
    }

    static void send(PageRenderer renderer, HttpServletResponse resp, int status, String template,
                     Map<String, Object> data, String context) throws IOException {
        StringWriter html = new StringWriter(); // render fully first: a template error becomes a 500, not half a page
        renderer.render(html, template, data, context);
        resp.setStatus(status);
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(html.toString());
    }
}

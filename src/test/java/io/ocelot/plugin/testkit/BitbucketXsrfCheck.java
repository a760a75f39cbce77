package io.ocelot.plugin.testkit;

import com.atlassian.annotations.security.XsrfProtectionExcluded;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.util.Locale;
import java.util.Set;

/**
 * Stands in for the XSRF check Atlassian REST applies to every plugin resource in Bitbucket: a state-changing request
 * (anything but GET, HEAD, OPTIONS) whose body has a content type a browser may send cross-origin without asking
 * first (form, multipart, text/plain) is refused with 403 "XSRF check failed" unless it carries
 * {@code X-Atlassian-Token: no-check}, which a page on another site cannot set. Resources marked
 * {@link XsrfProtectionExcluded} (the werker endpoints) are not checked.
 * <p>
 * Sources: https://confluence.atlassian.com/cloudkb/xsrf-check-failed-when-calling-cloud-apis-826874382.html (the
 * 403 and the header), https://bitbucket.org/atlassian/atlassian-rest/pull-requests/177 (every mutative method is
 * checked, OriginBasedXsrfResourceFilter), https://bitbucket.org/atlassian/atlassian-streams/pull-requests/10 (the
 * remedy Atlassian uses for its own resources: {@code @Consumes(APPLICATION_JSON)}, so a simple cross-origin POST
 * does not reach the method even where the check lets it through).
 */
public final class BitbucketXsrfCheck implements ContainerRequestFilter {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> XSRFABLE_TYPES = Set.of(MediaType.APPLICATION_FORM_URLENCODED,
            MediaType.MULTIPART_FORM_DATA, MediaType.TEXT_PLAIN);

    @Context
    private ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod()) || excluded()) {
            return;
        }
        MediaType type = request.getMediaType();
        boolean xsrfable = type != null && XSRFABLE_TYPES.contains(
                (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT));
        if (xsrfable && !"no-check".equalsIgnoreCase(request.getHeaderString("X-Atlassian-Token"))) {
            request.abortWith(Response.status(403).type(MediaType.TEXT_PLAIN_TYPE).entity("XSRF check failed").build());
        }
    }

    private boolean excluded() {
        return resource != null && resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(XsrfProtectionExcluded.class)
                || resource.getResourceClass().isAnnotationPresent(XsrfProtectionExcluded.class));
    }
}

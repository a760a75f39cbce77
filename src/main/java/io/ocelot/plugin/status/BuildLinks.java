package io.ocelot.plugin.status;

import io.ocelot.plugin.build.Build;

/** Port: the absolute URL of a build's page (where a status badge links to). */
public interface BuildLinks {
    /** The servlet path of a build page below the Bitbucket base URL. */
    static String pagePath(Build build) {
        return "/plugins/servlet/ocelot/projects/" + build.repository().projectKey() + "/repos/"
                + build.repository().slug() + "/builds/" + build.id();
    }

    String buildPage(Build build);
}

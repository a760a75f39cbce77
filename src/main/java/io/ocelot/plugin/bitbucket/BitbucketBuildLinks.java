package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.server.ApplicationPropertiesService;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.status.BuildLinks;

import javax.inject.Inject;
import javax.inject.Named;
import java.net.URI;

/** Build page URLs below Bitbucket's configured base URL. */
@Named
public class BitbucketBuildLinks implements BuildLinks {
    private final ApplicationPropertiesService properties;

    @Inject
    public BitbucketBuildLinks(@ComponentImport ApplicationPropertiesService properties) {
        this.properties = properties;
    }

    @Override
    public String buildPage(Build build) {
        URI base = properties.getBaseUrl();
        return (base == null ? "" : base.toString()) + BuildLinks.pagePath(build);
    }
}

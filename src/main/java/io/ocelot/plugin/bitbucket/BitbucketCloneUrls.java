package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.server.ApplicationPropertiesService;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.clone.CloneUrlTemplate;
import io.ocelot.plugin.clone.CloneUrls;
import io.ocelot.plugin.store.SettingStore;

import javax.inject.Inject;
import javax.inject.Named;
import java.net.URI;

/**
 * Clone URLs: the admin's template ({@value #TEMPLATE_KEY}, e.g. an SSH URL or an internal host werkers reach
 * better) or else Bitbucket's HTTP clone URL below its base URL.
 */
@Named
public class BitbucketCloneUrls implements CloneUrls {
    public static final String TEMPLATE_KEY = CloneUrlTemplate.SETTING_KEY;
    private final ApplicationPropertiesService properties;
    private final SettingStore settings;

    @Inject
    public BitbucketCloneUrls(@ComponentImport ApplicationPropertiesService properties, SettingStore settings) {
        this.properties = properties;
        this.settings = settings;
    }

    @Override
    public String urlFor(String projectKey, String slug) {
        CloneUrlTemplate template = settings.get(TEMPLATE_KEY).map(CloneUrlTemplate::new).orElseGet(() -> {
            URI base = properties.getBaseUrl();
            return CloneUrlTemplate.httpBelow(base == null ? "http://localhost:7990/bitbucket" : base.toString());
        });
        return template.urlFor(projectKey, slug);
    }
}

package io.ocelot.plugin.werker;

import io.ocelot.core.Json;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.clone.CloneCredential;
import io.ocelot.plugin.clone.CloneCredentials;
import io.ocelot.plugin.clone.CloneUrls;
import io.ocelot.plugin.config.OcelotConfig;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Map;

/** Turns a freshly leased build into the {@link Job} a werker runs: plan, lease, clone URL and credential. */
@Named
public class JobFactory {
    private final CloneUrls urls;
    private final CloneCredentials credentials;
    private final OcelotConfig config;

    @Inject
    public JobFactory(CloneUrls urls, CloneCredentials credentials, OcelotConfig config) {
        this.urls = urls;
        this.credentials = credentials;
        this.config = config;
    }

    public Job jobFor(Build b) {
        String url = urls.urlFor(b.repository().projectKey(), b.repository().slug());
        CloneSpec source = credentials.current().map(c -> c.kind() == CloneCredential.Kind.HTTP_TOKEN
                        ? new CloneSpec(url, c.username(), c.secret(), null)
                        : new CloneSpec(url, null, null, c.secret()))
                .orElse(new CloneSpec(url, null, null, null));
        return new Job(b.id(), new LeaseRef(b.attempt(), b.leaseId()), (int) config.lease().toSeconds(),
                b.repository().toString(), b.branch(), b.commit(), source, Json.read(b.planJson(), BuildPlan.class),
                Map.of(), null);
    }
}

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
import io.ocelot.plugin.repo.RepositorySettingsStore;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Map;

/**
 * Turns a freshly leased build into the {@link Job} a werker runs: plan, lease, clone URL and credential, and the
 * repository's secret variables, decrypted only here (the werker sets them in the stage environment and masks them
 * in the log), and how long the build waited in the queue. Registry credentials are not sent yet: the plugin has no
 * store for them. The plan goes without its {@code notify} section: that is the plugin's business, and a webhook URL
 * may carry a token.
 */
@Named
public class JobFactory {
    private final CloneUrls urls;
    private final CloneCredentials credentials;
    private final RepositorySettingsStore settings;
    private final OcelotConfig config;

    @Inject
    public JobFactory(CloneUrls urls, CloneCredentials credentials, RepositorySettingsStore settings,
                      OcelotConfig config) {
        this.urls = urls;
        this.credentials = credentials;
        this.settings = settings;
        this.config = config;
    }

    /** @throws JobNotMade with the reason for the build's page when a part of the job cannot be had */
    public Job jobFor(Build b) {
        String url = urls.urlFor(b.repository().projectKey(), b.repository().slug());
        CloneSpec source;
        try {
            source = credentials.current().map(c -> c.kind() == CloneCredential.Kind.HTTP_TOKEN
                            ? new CloneSpec(url, c.username(), c.secret(), null)
                            : new CloneSpec(url, null, null, c.secret()))
                    .orElse(new CloneSpec(url, null, null, null));
        } catch (RuntimeException e) {
            throw new JobNotMade("the clone credential cannot be read (" + e.getMessage() + "); an administrator "
                    + "sets it again in Ocelot's global settings", e);
        }
        Map<String, String> secrets;
        try {
            secrets = settings.secretValues(b.repository());
        } catch (RuntimeException e) {
            throw new JobNotMade("the repository's secret variables cannot be read (" + e.getMessage() + "); set "
                    + "them again in the repository's Ocelot settings", e);
        }
        BuildPlan plan;
        try {
            plan = Json.read(b.planJson(), BuildPlan.class).withNotifications(null);
        } catch (RuntimeException e) {
            throw new JobNotMade("the build's stored plan cannot be read: " + e.getMessage(), e);
        }
        return new Job(b.id(), new LeaseRef(b.attempt(), b.leaseId()), (int) config.lease().toSeconds(),
                b.repository().toString(), b.branch(), b.commit(), source, plan, secrets, null, queuedMillis(b),
                config.logCapBytes());
    }

    /**
     * How long the first attempt waited (queued → leased, on the plugin's clock). A requeued attempt's wait is not
     * recorded apart from its earlier run, so it says nothing (null) rather than something wrong.
     */
    static Long queuedMillis(Build b) {
        return b.attempt() == 1 && b.startedAt() > 0 && b.queuedAt() > 0 ? Math.max(0, b.startedAt() - b.queuedAt())
                : null;
    }
}

package io.ocelot.plugin.werker;

import io.ocelot.core.lang.BranchPattern;
import io.ocelot.core.lang.MatchBudget;
import io.ocelot.core.lang.MatchGaveUp;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.core.protocol.Messages.RegistryAuth;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.clone.CloneCredential;
import io.ocelot.plugin.clone.CloneCredentials;
import io.ocelot.plugin.clone.CloneUrls;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.registry.ImageRegistry;
import io.ocelot.plugin.registry.RegistryCredential;
import io.ocelot.plugin.repo.RepositorySettingsStore;
import io.ocelot.plugin.store.RegistryCredentialStore;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a freshly leased build into the {@link Job} a werker runs: plan, lease, clone URL and credential, and the
 * repository's secret variables this build may have ({@link #secretsFor}), decrypted only here (the werker sets them in the stage environment and masks them
 * in the log), the login for the registry of the plan's image (see {@link #registryAuthFor}), and how long the build
 * waited in the queue. The plan goes without its {@code notify} section: that is the plugin's business, and a webhook URL
 * may carry a token.
 */
@Named
public class JobFactory {
    private final CloneUrls urls;
    private final CloneCredentials credentials;
    private final RepositorySettingsStore settings;
    private final RegistryCredentialStore registries;
    private final OcelotConfig config;

    @Inject
    public JobFactory(CloneUrls urls, CloneCredentials credentials, RepositorySettingsStore settings,
                      RegistryCredentialStore registries, OcelotConfig config) {
        this.urls = urls;
        this.credentials = credentials;
        this.settings = settings;
        this.registries = registries;
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
        Map<String, String> secrets = secretsFor(b);
        if (b.plan() == null) {
            throw new JobNotMade("the build's stored plan cannot be read (see Bitbucket's log)", null);
        }
        BuildPlan plan = b.plan().withNotifications(null);
        RegistryAuth registryAuth = registryAuthFor(b, plan.image());
        return new Job(b.id(), new LeaseRef(b.attempt(), b.leaseId()), (int) config.lease().toSeconds(),
                b.repository().toString(), b.branch(), b.commit(), source, plan, secrets, registryAuth,
                queuedMillis(b), config.logCapBytes(), true); // this plugin takes reports (WerkerService.report)
    }

    /**
     * The repository's secret variables this build may have: none for a pull request from a fork (its code is
     * anyone's), and of the others only those whose branch limit, if any, matches the build's branch.
     */
    Map<String, String> secretsFor(Build b) {
        if (b.fromFork()) {
            return Map.of();
        }
        Map<String, String> all;
        Map<String, List<String>> limits;
        try {
            all = settings.secretValues(b.repository());
            limits = all.isEmpty() ? Map.of() : settings.secretBranches(b.repository());
        } catch (RuntimeException e) {
            throw new JobNotMade("the repository's secret variables cannot be read (" + e.getMessage() + "); set "
                    + "them again in the repository's Ocelot settings", e);
        }
        MatchBudget budget = MatchBudget.perEvent();
        Map<String, String> out = new LinkedHashMap<>();
        all.forEach((name, value) -> {
            List<String> patterns = limits.getOrDefault(name, List.of());
            if (patterns.isEmpty() || onBranch(b.branch(), name, patterns, budget)) {
                out.put(name, value);
            }
        });
        return out;
    }

    private static boolean onBranch(String branch, String secret, List<String> patterns, MatchBudget budget) {
        if (branch == null || branch.isEmpty()) {
            return false; // a build of a bare commit is on no branch
        }
        for (String p : patterns) {
            try {
                if (BranchPattern.compile(p).matches(branch, budget)) {
                    return true;
                }
            } catch (MatchGaveUp | PatternSyntaxException e) {
                throw new JobNotMade("the branch limit of secret variable '" + secret + "' cannot be checked: "
                        + e.getMessage(), e);
            }
        }
        return false;
    }

    /**
     * The login for the registry host of {@code image}: the repository's own credential for that host, else the
     * global one, else none. A plan has one image, so one login is enough; an image without a registry host (Docker
     * Hub, {@code busybox}) or a host-shell plan gets none.
     */
    RegistryAuth registryAuthFor(Build b, String image) {
        Optional<String> host = ImageRegistry.hostOf(image);
        if (host.isEmpty()) {
            return null;
        }
        Optional<RegistryCredential> credential;
        try {
            credential = settings.registryCredentials(b.repository()).stream()
                    .filter(c -> c.host().equals(host.get())).findFirst();
        } catch (RuntimeException e) {
            throw new JobNotMade("the repository's registry credentials cannot be read (" + e.getMessage() + "); set "
                    + "them again in the repository's Ocelot settings", e);
        }
        if (credential.isEmpty()) {
            try {
                credential = registries.credentials().stream().filter(c -> c.host().equals(host.get())).findFirst();
            } catch (RuntimeException e) {
                throw new JobNotMade("the global registry credentials cannot be read (" + e.getMessage() + "); an "
                        + "administrator sets them again in Ocelot's global settings", e);
            }
        }
        return credential.map(c -> new RegistryAuth(c.host(), c.username(), c.password())).orElse(null);
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

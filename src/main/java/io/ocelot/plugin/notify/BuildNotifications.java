package io.ocelot.plugin.notify;

import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.NotificationView;
import io.ocelot.core.lang.Notify;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildFinishedListener;
import io.ocelot.plugin.build.NotificationLog;
import io.ocelot.plugin.status.BuildLinks;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.store.WerkerStore;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.build.BuildViews;
import io.ocelot.plugin.build.Werker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * When a build ends, turns its plan's {@code notify} section (the ocelot.yml's) into {@link NotifyRule}s and hands them
 * to the {@link Notifier}, which sends in the background and records every outcome in the {@link NotificationLog}
 * (so a broken hook shows on the build page). A {@code notify} entry that cannot be sent (a Slack entry without an
 * identifier, a webhook URL that is not a URL) is recorded as not delivered, for the same reason. The build is read
 * again by id from the {@link BuildStore} (as it is now, with the name of its werker), never through the user-facing
 * read model, which works by repository names and permissions.
 */
@Named
public class BuildNotifications implements BuildFinishedListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BuildNotifications.class);
    private final Notifier notifier;
    private final ScheduledExecutorService executor;
    private final NotificationLog outcomes;
    private final BuildStore builds;
    private final WerkerStore werkers;
    private final BuildLinks links;
    private final Clock clock;

    @Inject
    public BuildNotifications(NotificationLog outcomes, RepositorySettingsService settings, BuildStore builds,
                              WerkerStore werkers, BuildLinks links, Clock clock, NotifyAllowlist allowlist,
                              WebhookSecrets secrets) {
        this(newExecutor(), RetryPolicy.DEFAULT, outcomes, settings, builds, werkers, links, clock, allowlist,
                secrets);
    }

    /** {@code executor} is owned (shut down on {@link #close}); tests pass a short {@code retry}. */
    public BuildNotifications(ScheduledExecutorService executor, RetryPolicy retry, NotificationLog outcomes,
                              RepositorySettingsService settings, BuildStore builds, WerkerStore werkers,
                              BuildLinks links, Clock clock, NotifyAllowlist allowlist, WebhookSecrets secrets) {
        this.executor = executor;
        this.notifier = new Notifier(executor, retry, outcomes, settings, clock::millis,
                new OutboundTargets(allowlist::hosts), secrets);
        this.outcomes = outcomes;
        this.builds = builds;
        this.werkers = werkers;
        this.links = links;
        this.clock = clock;
    }

    private static ScheduledExecutorService newExecutor() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "ocelot-notify-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void buildFinished(Build build) {
        try {
            if (build.plan() == null) {
                return; // failed before planning (invalid ocelot.yml): there is no notify section to follow
            }
            Notify notify = build.plan().notificationsOrNone();
            if (notify.slack() == null && notify.webhook() == null) {
                return;
            }
            Build stored = builds.find(build.id()).orElseThrow();
            String werkerName = stored.werkerId() == 0 ? null
                    : werkers.find(stored.werkerId()).map(Werker::name).orElse(null);
            BuildSummary summary = BuildViews.summary(stored, werkerName);
            notifier.buildFinished(summary, rules(build.id(), summary, notify), links.buildPage(build));
        } catch (RuntimeException e) {
            log.warn("Ocelot could not notify about build {}: {}", build.id(), e.toString());
        }
    }

    private List<NotifyRule> rules(long buildId, BuildSummary summary, Notify notify) {
        List<NotifyRule> rules = new ArrayList<>();
        if (notify.slack() != null) {
            Notify.Slack s = notify.slack();
            Set<NotifyRule.On> on = on(s.on());
            if (s.identifier() != null && !s.identifier().isBlank()) {
                rules.add(new NotifyRule.Slack(s.channel(), s.identifier(), on));
            } else if (fires(on, summary)) {
                outcomes.record(buildId, new NotificationView("slack:" + s.channel(), false, 0,
                        "not sent: notify.slack has no 'identifier' naming a notification target in the repository's "
                                + "Ocelot settings", clock.millis()));
            }
        }
        if (notify.webhook() != null) {
            Set<NotifyRule.On> on = on(notify.webhook().on());
            try {
                URI url = URI.create(notify.webhook().url());
                if (url.getHost() == null || url.getScheme() == null
                        || !(url.getScheme().equalsIgnoreCase("http") || url.getScheme().equalsIgnoreCase("https"))) {
                    throw new IllegalArgumentException("not http(s) with a host");
                }
                rules.add(new NotifyRule.Webhook(url, on));
            } catch (IllegalArgumentException e) {
                if (fires(on, summary)) {
                    outcomes.record(buildId, new NotificationView("webhook", false, 0,
                            "not sent: notify.webhook.url is not an http(s) URL", clock.millis()));
                }
            }
        }
        return rules;
    }

    private static boolean fires(Set<NotifyRule.On> on, BuildSummary summary) {
        return NotifyRule.firesOn(on, summary.state());
    }

    private static Set<NotifyRule.On> on(Set<Notify.On> on) {
        Set<NotifyRule.On> out = EnumSet.noneOf(NotifyRule.On.class);
        on.forEach(o -> out.add(NotifyRule.On.valueOf(o.name())));
        return out;
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
            notifier.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            log.debug("closing the notifier's HTTP client: {}", e.toString());
        }
    }
}

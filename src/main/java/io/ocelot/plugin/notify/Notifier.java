package io.ocelot.plugin.notify;

import io.ocelot.core.Json;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.NotificationView;
import io.ocelot.plugin.build.NotificationLog;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsService;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Tells people a build ended, as the ocelot.yml's {@code notify} says: Slack-compatible incoming webhooks and generic
 * JSON webhooks. {@link #buildFinished} only schedules work on the notifier's own executor and returns at once, so the
 * build path never waits on a slow hook. Each delivery is retried with doubling delays ({@link RetryPolicy}) on
 * network errors, 5xx, 408 and 429; any other 4xx is final (retrying cannot fix it). The outcome of every
 * notification, delivered or not, goes to the {@link NotificationLog} and so shows on the build page.
 * <p>
 * A webhook URL comes from whoever pushed the ocelot.yml, so: the client connects only to addresses
 * {@link OutboundTargets} accepts (no internal address unless an admin allowlisted the host), follows no redirect
 * (a 3xx could point anywhere), and keeps only the status code of a reply, never its body (the build page would
 * otherwise show what an internal service answered). Webhook bodies are signed ({@link WebhookSecrets#HEADER}).
 */
public final class Notifier implements Closeable {
    private final ScheduledExecutorService executor;
    private final CloseableHttpClient http;
    private final RetryPolicy retry;
    private final NotificationLog log;
    private final RepositorySettingsService settings;
    private final LongSupplier clock;
    private final WebhookSecrets secrets;

    public Notifier(ScheduledExecutorService executor, RetryPolicy retry, NotificationLog log,
                    RepositorySettingsService settings, LongSupplier clock, OutboundTargets targets,
                    WebhookSecrets secrets) {
        this.executor = executor;
        this.retry = retry;
        this.log = log;
        this.settings = settings;
        this.clock = clock;
        this.secrets = secrets;
        Timeout t = Timeout.of(retry.requestTimeout());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setDnsResolver(targets).build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(t).setResponseTimeout(t).build())
                .disableAutomaticRetries() // our own policy decides, and logs each attempt's outcome
                .disableRedirectHandling() // a redirect is a failure: its target was never checked
                .build();
    }

    /** Schedules the notifications {@code rules} ask for on this build's end; returns immediately. */
    public void buildFinished(BuildSummary build, List<NotifyRule> rules, String buildPageUrl) {
        for (NotifyRule rule : rules) {
            if (rule.firesOn(build.state())) {
                executor.execute(() -> prepare(build, rule, buildPageUrl));
            }
        }
    }

    private void prepare(BuildSummary build, NotifyRule rule, String url) {
        try {
            send(build, rule, url);
        } catch (RuntimeException e) { // e.g. the signing secret cannot be read: say so on the build, do not vanish
            log.record(build.id(), new NotificationView(rule instanceof NotifyRule.Slack ? "slack" : "webhook", false,
                    0, "not sent: " + e.getMessage(), clock.getAsLong()));
        }
    }

    private void send(BuildSummary build, NotifyRule rule, String url) {
        if (rule instanceof NotifyRule.Slack slack) {
            String target = "slack:" + (slack.channel() == null ? slack.identifier() : slack.channel());
            URI hook = settings.get(new RepositoryName(build.projectKey(), build.repositorySlug()))
                    .slackWebhooks().get(slack.identifier());
            if (hook == null) {
                log.record(build.id(), new NotificationView(target, false, 0,
                        "no Slack webhook '" + slack.identifier() + "' in " + build.repository() + "'s Ocelot settings",
                        clock.getAsLong()));
                return;
            }
            attempt(build.id(), target, hook, slackPayload(build, slack, url).getBytes(StandardCharsets.UTF_8), null, 1);
        } else if (rule instanceof NotifyRule.Webhook webhook) {
            byte[] body = webhookPayload(build, url).getBytes(StandardCharsets.UTF_8);
            String signature = WebhookSecrets.signature(
                    secrets.secretFor(new RepositoryName(build.projectKey(), build.repositorySlug())), body);
            attempt(build.id(), "webhook:" + webhook.url().getHost(), webhook.url(), body, signature, 1);
        }
    }

    private void attempt(long buildId, String target, URI uri, byte[] json, String signature, int n) {
        String failure;
        boolean retryable;
        try {
            HttpPost post = new HttpPost(uri);
            post.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
            if (signature != null) {
                post.setHeader(WebhookSecrets.HEADER, signature);
            }
            int status = http.execute(post, response -> response.getCode()); // the body is never read nor kept
            if (status >= 200 && status < 300) {
                log.record(buildId, new NotificationView(target, true, n, "delivered", clock.getAsLong()));
                return;
            }
            failure = "HTTP " + status + (status >= 300 && status < 400 ? " (redirects are not followed)" : "");
            retryable = status >= 500 || status == 408 || status == 429;
        } catch (OutboundTargets.RefusedTarget e) {
            failure = e.getMessage();
            retryable = false;
        } catch (IOException | RuntimeException e) {
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            retryable = true;
        }
        if (retryable && n < retry.attempts()) {
            executor.schedule(() -> attempt(buildId, target, uri, json, signature, n + 1),
                    retry.delayBefore(n + 1).toMillis(), TimeUnit.MILLISECONDS);
        } else {
            log.record(buildId, new NotificationView(target, false, n, "not delivered: " + failure, clock.getAsLong()));
        }
    }

    /** Slack incoming-webhook JSON: {@code text} (mrkdwn, with a link), {@code channel} when the file names one. */
    static String slackPayload(BuildSummary b, NotifyRule.Slack rule, String url) {
        String verb = switch (b.state()) {
            case PASSED -> "passed";
            case ERRORED -> "errored";
            default -> "failed";
        };
        String text = (b.state().name().equals("PASSED") ? ":white_check_mark: " : ":x: ")
                + b.repository() + " build #" + b.id() + (b.namedPipeline() ? " (" + slackEscape(b.pipeline()) + ")" : "")
                + " " + verb
                + (b.branch() == null ? "" : " on " + slackEscape(b.branch()))
                + " (" + b.commit().substring(0, Math.min(12, b.commit().length())) + ")"
                + (url == null ? "" : " <" + url + "|details>");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", text);
        if (rule.channel() != null && !rule.channel().isBlank()) {
            payload.put("channel", rule.channel());
        }
        return Json.write(payload);
    }

    /** Slack's three control characters, escaped as its docs say. */
    private static String slackEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String webhookPayload(BuildSummary b, String url) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "build.finished");
        payload.put("build", b);
        payload.put("url", url);
        return Json.write(payload);
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}

package io.ocelot.plugin.web;

import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.CloneCredentialView;
import io.ocelot.core.api.NotificationView;
import io.ocelot.core.api.RegistrationSecretView;
import io.ocelot.core.api.RegistryCredentialView;
import io.ocelot.core.api.SettingsView;
import io.ocelot.core.api.StageView;
import io.ocelot.core.api.UserApi;
import io.ocelot.core.api.WerkerView;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Soy data of the pages, built from the API records: plain maps of strings, booleans and numbers (what both
 * Atlassian's and Google's Soy renderers read), with times already worded ("1m 05s").
 */
final class PageModels {
    private PageModels() {
    }

    static Map<String, Object> build(BuildDetail d, String contextPath, long now) {
        BuildSummary b = d.build();
        Map<String, Object> m = summary(b, contextPath, now);
        m.put("queueWait", duration(b.queueWaitMillis(now)));
        m.put("werker", b.werker() == null ? "—" : b.werker());
        m.put("message", d.message() == null ? "" : d.message());
        m.put("running", !b.state().isFinished());
        return m;
    }

    static Map<String, Object> summary(BuildSummary b, String contextPath, long now) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", b.id());
        m.put("state", b.state().name());
        m.put("stateClass", stateClass(b.state().name()));
        m.put("commit", b.commit());
        m.put("shortCommit", b.commit().substring(0, Math.min(11, b.commit().length())));
        m.put("commitMessage", b.commitMessage() == null ? "" : firstLine(b.commitMessage()));
        // the default pipeline (ocelot.yml) is shown as builds always were: unnamed
        m.put("pipeline", b.namedPipeline() ? b.pipeline() : "");
        m.put("branch", b.branch() == null ? (b.pullRequestId() == null ? "—" : "PR #" + b.pullRequestId()) : b.branch());
        m.put("trigger", b.trigger().toLowerCase(Locale.ROOT).replace('_', ' '));
        m.put("triggeredBy", b.triggeredBy() == null ? "" : b.triggeredBy());
        Long duration = b.durationMillis(now);
        m.put("duration", duration == null ? "—" : duration(duration));
        m.put("url", PageUrls.checked(contextPath + UserApi.buildPage(b.projectKey(), b.repositorySlug(), b.id())));
        return m;
    }

    static List<Map<String, Object>> stages(List<StageView> stages) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StageView s : stages) {
            Map<String, Object> m = new HashMap<>();
            m.put("number", s.index() + 1);
            m.put("name", s.name());
            m.put("status", s.status().name());
            m.put("stateClass", stateClass(s.status().name()));
            m.put("exitCode", s.exitCode() == null ? "" : String.valueOf(s.exitCode()));
            m.put("duration", s.durationMillis() == null ? "" : duration(s.durationMillis()));
            m.put("message", s.message() == null ? "" : s.message());
            // a graph stage that needs nothing starts at once: nothing to say under it
            m.put("needs", s.needs() == null ? "" : String.join(", ", s.needs()));
            out.add(m);
        }
        return out;
    }

    static List<Map<String, Object>> notifications(List<NotificationView> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (NotificationView n : list) {
            out.add(Map.of("target", n.target(), "delivered", n.delivered(), "attempts", n.attempts(),
                    "message", n.message() == null ? "" : n.message()));
        }
        return out;
    }

    static Map<String, Object> settings(SettingsView s) {
        Map<String, Object> m = new HashMap<>();
        m.put("enabled", s.enabled());
        m.put("buildPullRequests", s.buildPullRequests());
        m.put("buildTags", s.buildTags());
        m.put("autoCancel", s.autoCancel());
        m.put("werkerLabelsText", String.join(" ", s.werkerLabels()));
        m.put("buildGroup", s.buildGroup() == null ? "" : s.buildGroup());
        m.put("secretNames", s.secretNames());
        List<Map<String, Object>> targets = new ArrayList<>();
        s.notificationTargets().forEach(t -> targets.add(Map.of("identifier", t.identifier(),
                "host", t.host() == null ? "" : t.host())));
        m.put("notificationTargets", targets);
        return m;
    }

    /** The admin page's registration secret: whether set and since when; the value never (it is not kept). */
    static Map<String, Object> registrationSecret(RegistrationSecretView s, long now) {
        Map<String, Object> m = new HashMap<>();
        m.put("set", s.set());
        m.put("setAt", when(s.setAt(), now));
        return m;
    }

    /** The clone credential without its secret (the view has none). */
    static Map<String, Object> cloneCredential(CloneCredentialView c, long now) {
        Map<String, Object> m = new HashMap<>();
        m.put("set", c.set());
        m.put("kind", c.kind() == null ? "" : c.kind());
        m.put("username", c.username() == null ? "" : c.username());
        m.put("setAt", when(c.setAt(), now));
        m.put("urlTemplate", c.urlTemplate() == null ? "" : c.urlTemplate());
        return m;
    }

    static List<Map<String, Object>> registries(List<RegistryCredentialView> list, long now) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RegistryCredentialView r : list) {
            out.add(Map.of("host", r.host(), "username", r.username(), "setAt", when(r.setAt(), now)));
        }
        return out;
    }

    static List<Map<String, Object>> werkers(List<WerkerView> list, long now) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (WerkerView w : list) {
            Map<String, Object> m = new HashMap<>();
            m.put("id", w.id());
            m.put("name", w.name());
            m.put("labels", String.join(" ", w.labels()));
            m.put("state", w.state());
            m.put("stateClass", stateClass(w.state()));
            m.put("builds", w.runningBuilds() + " / " + w.maxBuilds());
            m.put("lastSeen", w.lastSeenAt() == null ? "never" : duration(now - w.lastSeenAt()) + " ago");
            m.put("version", w.version() == null ? "" : w.version());
            m.put("revoked", "DISABLED".equals(w.state()));
            out.add(m);
        }
        return out;
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** "2026-12-01 20:30 UTC (3m 05s ago)", or "" when unknown. */
    static String when(Long at, long now) {
        return at == null ? "" : WHEN.format(Instant.ofEpochMilli(at)) + " (" + duration(now - at) + " ago)";
    }

    /** AUI lozenge modifier for a build or stage state, or a werker's state. */
    static String stateClass(String state) {
        return switch (state) {
            case "PASSED", "ONLINE" -> "aui-lozenge-success";
            case "FAILED", "ERRORED" -> "aui-lozenge-error";
            case "RUNNING", "BUSY" -> "aui-lozenge-inprogress";
            case "CANCELLED", "SKIPPED", "DISABLED" -> "aui-lozenge-subtle";
            default -> "aui-lozenge-default";
        };
    }

    static List<String> results() {
        List<String> out = new ArrayList<>();
        for (ApiBuildState s : ApiBuildState.values()) {
            out.add(s.name());
        }
        return out;
    }

    static String duration(long millis) {
        long s = Math.max(0, millis) / 1000;
        if (s < 60) {
            return millis < 1000 ? Math.max(0, millis) + "ms" : s + "s";
        }
        if (s < 3600) {
            return String.format("%dm %02ds", s / 60, s % 60);
        }
        return String.format("%dh %02dm", s / 3600, (s % 3600) / 60);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

}

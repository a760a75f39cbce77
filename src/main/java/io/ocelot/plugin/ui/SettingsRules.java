package io.ocelot.plugin.ui;

import io.ocelot.core.api.SettingsView;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns what a user sent (REST PUT or the settings form) into a {@link RepositorySettingsView.Change}, refusing bad input
 * with a message that names the field, and turns stored settings into the write-only {@link SettingsView}.
 * One implementation for both the REST API and the page.
 */
public final class SettingsRules {
    /** Secret names become environment variables in the stage. */
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9 ._-]{1,64}");
    public static final int MAX_SECRET_BYTES = 64 * 1024;
    /**
     * The labels are stored space-separated in one string column (AO's VARCHAR(255)) and copied onto every build and
     * queue ticket: refused here, where the user can fix them, rather than by a later build insert.
     */
    public static final int MAX_LABELS_LENGTH = 255;

    private SettingsRules() {
    }

    public static RepositorySettingsView.Change toChange(SettingsView in, RepositorySettingsView current) {
        List<String> labels = new ArrayList<>();
        for (String label : in.werkerLabels()) {
            String l = label == null ? "" : label.trim();
            if (l.isEmpty()) {
                continue;
            }
            if (!LABEL.matcher(l).matches()) {
                throw UserFacingException.badRequest("werker label '" + l + "': use letters, digits and . _ : - (at most 64)");
            }
            if (!labels.contains(l)) {
                labels.add(l);
            }
        }
        int joined = String.join(" ", labels).length();
        if (joined > MAX_LABELS_LENGTH) {
            throw UserFacingException.badRequest("werker labels: " + joined + " characters together (with the spaces "
                    + "between them), at most " + MAX_LABELS_LENGTH);
        }
        String group = in.buildGroup() == null || in.buildGroup().isBlank() ? null : in.buildGroup().trim();
        if (group != null && !GROUP.matcher(group).matches()) {
            throw UserFacingException.badRequest("build group '" + group + "': use letters, digits, spaces and . _ - (at most 64)");
        }
        Map<String, String> set = new LinkedHashMap<>();
        in.secrets().forEach((name, value) -> {
            if (name == null || !SECRET_NAME.matcher(name).matches()) {
                throw UserFacingException.badRequest("secret name '" + name + "': use letters, digits and _, not starting with a digit");
            }
            if (value == null || value.isEmpty()) {
                throw UserFacingException.badRequest("secret " + name + ": the value is empty (to delete it, list it in removeSecrets)");
            }
            if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SECRET_BYTES) {
                throw UserFacingException.badRequest("secret " + name + ": longer than " + MAX_SECRET_BYTES + " bytes");
            }
            set.put(name, value);
        });
        Set<String> remove = new HashSet<>();
        for (String name : in.removeSecrets()) {
            if (set.containsKey(name)) {
                throw UserFacingException.badRequest("secret " + name + " is both set and removed");
            }
            remove.add(name);
        }
        Map<String, URI> hooks = new LinkedHashMap<>();
        for (SettingsView.Target t : in.notificationTargets()) {
            String id = t.identifier() == null ? "" : t.identifier().trim();
            if (!IDENTIFIER.matcher(id).matches()) {
                throw UserFacingException.badRequest("notification target identifier '" + id + "': use letters, digits and . _ - (at most 64)");
            }
            if (hooks.containsKey(id)) {
                throw UserFacingException.badRequest("notification target '" + id + "' is listed twice");
            }
            if (t.url() == null || t.url().isBlank()) {
                URI kept = current.slackWebhooks().get(id);
                if (kept == null) {
                    throw UserFacingException.badRequest("notification target '" + id + "': a webhook URL is required");
                }
                hooks.put(id, kept);
            } else {
                hooks.put(id, webhookUrl(id, t.url().trim()));
            }
        }
        return new RepositorySettingsView.Change(in.enabled(), labels, in.buildTags(), in.buildPullRequests(),
                in.autoCancel(), group, set, remove, hooks);
    }

    private static URI webhookUrl(String id, String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    || uri.getHost() == null) {
                throw UserFacingException.badRequest("notification target '" + id + "': the URL must be http(s)://host/...");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw UserFacingException.badRequest("notification target '" + id + "': not a URL: " + e.getMessage());
        }
    }

    /** The write-only view: secret names but no values, webhook hosts but no URLs (they carry tokens). */
    public static SettingsView toView(RepositorySettingsView s) {
        List<SettingsView.Target> targets = s.slackWebhooks().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new SettingsView.Target(e.getKey(), null, e.getValue().getHost()))
                .toList();
        return new SettingsView(s.enabled(), s.werkerLabels(), s.buildTags(), s.buildPullRequests(), s.autoCancel(),
                s.buildGroup(), List.copyOf(s.secretNames()), null, null, targets);
    }

    /** The same settings with only {@code enabled} changed (watch/unwatch). */
    public static RepositorySettingsView.Change withEnabled(RepositorySettingsView s, boolean enabled) {
        return new RepositorySettingsView.Change(enabled, s.werkerLabels(), s.buildTags(), s.buildPullRequests(),
                s.autoCancel(), s.buildGroup(), Map.of(), Set.of(), s.slackWebhooks());
    }
}

package io.ocelot.plugin.notify;

import io.ocelot.plugin.store.SettingStore;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The hosts a Bitbucket admin allows notifications to reach although they resolve to internal addresses
 * ({@link OutboundTargets}): one global setting, {@value #KEY}, a comma-separated list of host names or IP literals.
 * Set with {@code PUT /rest/ocelot/1.0/admin/notify/allowed-hosts} (docs/user-guide.md, "Notifications").
 */
@Named
public class NotifyAllowlist {
    public static final String KEY = "notify.allowedHosts";
    private static final int MAX_HOST_LENGTH = 253; // a DNS name (RFC 1035)
    private final SettingStore settings;

    @Inject
    public NotifyAllowlist(SettingStore settings) {
        this.settings = settings;
    }

    public Set<String> hosts() {
        return settings.get(KEY).map(NotifyAllowlist::parse).orElse(Set.of());
    }

    /** Replaces the list; an empty one removes the setting. A malformed host is refused and nothing changes. */
    public Set<String> set(List<String> hosts) {
        Set<String> clean = new LinkedHashSet<>();
        for (String h : hosts == null ? List.<String>of() : hosts) {
            String n = h == null ? "" : OutboundTargets.normalise(h);
            if (n.isEmpty() || n.length() > MAX_HOST_LENGTH || !n.matches("[a-z0-9.:_-]+")) {
                throw new IllegalArgumentException("not a host name or IP address: '" + h
                        + "' (name a host such as hooks.internal or 10.1.2.3, without scheme, port or path)");
            }
            clean.add(n);
        }
        if (clean.isEmpty()) {
            settings.remove(KEY);
        } else {
            settings.put(KEY, String.join(",", clean));
        }
        return clean;
    }

    private static Set<String> parse(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}

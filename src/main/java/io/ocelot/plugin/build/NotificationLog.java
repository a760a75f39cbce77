package io.ocelot.plugin.build;

import io.ocelot.core.api.NotificationView;

/**
 * Where the notifier writes how each notification went, so the build page shows a hook that failed. The plugin core
 * implements it over its build store (and returns the records in {@link io.ocelot.core.api.BuildDetail}).
 */
public interface NotificationLog {
    void record(long buildId, NotificationView outcome);
}

package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.core.api.NotificationView;
import io.ocelot.plugin.build.NotificationLog;
import net.java.ao.Query;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The notification outcomes of builds (NOTIFICATION table), written by the notifier, read by the build page. */
@Named
public class NotificationStore implements NotificationLog {
    private final ActiveObjects ao;

    @Inject
    public NotificationStore(@ComponentImport ActiveObjects ao) {
        this.ao = ao;
    }

    @Override
    public void record(long buildId, NotificationView outcome) {
        NotificationEntity n = ao.create(NotificationEntity.class, Map.of("BUILD_ID", buildId));
        n.setTarget(outcome.target());
        n.setDelivered(outcome.delivered());
        n.setAttempts(outcome.attempts());
        n.setOutcome(outcome.message());
        n.setAtMillis(outcome.atEpochMillis());
        n.save();
    }

    /** Oldest first. */
    public List<NotificationView> of(long buildId) {
        return Arrays.stream(ao.find(NotificationEntity.class, Query.select().where("BUILD_ID = ?", buildId).order("ID ASC")))
                .map(n -> new NotificationView(n.getTarget(), n.isDelivered(), n.getAttempts(), n.getOutcome(),
                        n.getAtMillis()))
                .toList();
    }
}

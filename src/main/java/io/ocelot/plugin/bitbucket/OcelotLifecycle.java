package io.ocelot.plugin.bitbucket;

import com.atlassian.plugin.spring.scanner.annotation.export.ExportAsService;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import com.atlassian.sal.api.lifecycle.LifecycleAware;
import com.atlassian.scheduler.JobRunner;
import com.atlassian.scheduler.JobRunnerResponse;
import com.atlassian.scheduler.SchedulerService;
import com.atlassian.scheduler.SchedulerServiceException;
import com.atlassian.scheduler.config.JobConfig;
import com.atlassian.scheduler.config.JobId;
import com.atlassian.scheduler.config.JobRunnerKey;
import com.atlassian.scheduler.config.RunMode;
import com.atlassian.scheduler.config.Schedule;
import io.ocelot.plugin.notify.BuildNotifications;
import io.ocelot.plugin.trigger.TriggerQueue;
import io.ocelot.plugin.queue.LeaseReaper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Date;

/**
 * Starts and stops the plugin's background work: registers the {@link LeaseReaper} as a cluster-wide scheduled job
 * (every {@value #INTERVAL_MILLIS} ms, once per cluster), starts the trigger processors (which take up the triggers
 * left pending by a restart) and shuts them and the notifier down on stop.
 */
@Named
@ExportAsService(LifecycleAware.class)
public class OcelotLifecycle implements LifecycleAware {
    static final long INTERVAL_MILLIS = LeaseReaper.RUN_INTERVAL_MILLIS;
    private static final JobRunnerKey RUNNER = JobRunnerKey.of("io.ocelot.lease-reaper");
    private static final JobId JOB = JobId.of("io.ocelot.lease-reaper");
    private static final Logger log = LoggerFactory.getLogger(OcelotLifecycle.class);

    private final SchedulerService scheduler;
    private final LeaseReaper reaper;
    private final TriggerQueue triggers;
    private final BuildNotifications notifications;

    @Inject
    public OcelotLifecycle(@ComponentImport SchedulerService scheduler, LeaseReaper reaper, TriggerQueue triggers,
                           BuildNotifications notifications) {
        this.scheduler = scheduler;
        this.reaper = reaper;
        this.triggers = triggers;
        this.notifications = notifications;
    }

    @Override
    public void onStart() {
        try {
            reaper.nodeStarted();
        } catch (RuntimeException e) {
            log.error("Ocelot could not extend the leases of running builds at start-up; some may be requeued", e);
        }
        triggers.start();
        JobRunner runner = request -> {
            try {
                LeaseReaper.Report r = reaper.run();
                return JobRunnerResponse.success(r.toString());
            } catch (RuntimeException e) {
                log.error("Ocelot lease reaper failed", e);
                return JobRunnerResponse.failed(e);
            }
        };
        scheduler.registerJobRunner(RUNNER, runner);
        try {
            scheduler.scheduleJob(JOB, JobConfig.forJobRunnerKey(RUNNER)
                    .withRunMode(RunMode.RUN_ONCE_PER_CLUSTER)
                    .withSchedule(Schedule.forInterval(INTERVAL_MILLIS, new Date(System.currentTimeMillis()
                            + INTERVAL_MILLIS))));
        } catch (SchedulerServiceException e) {
            log.error("Ocelot could not schedule its lease reaper: expired werker leases will not be requeued", e);
        }
    }

    @Override
    public void onStop() {
        scheduler.unregisterJobRunner(RUNNER);
        try {
            reaper.nodeStopping();
        } catch (RuntimeException e) {
            log.warn("Ocelot could not give up the lease reaper's claim; another node takes it when it expires", e);
        }
        triggers.close();
        notifications.close();
    }
}

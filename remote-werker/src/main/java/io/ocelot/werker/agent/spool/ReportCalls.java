package io.ocelot.werker.agent.spool;

import io.ocelot.core.protocol.Messages.FinishReply;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.LogAppend;
import io.ocelot.core.protocol.Messages.LogPiece;
import io.ocelot.core.protocol.Messages.Report;
import io.ocelot.core.protocol.Messages.ReportReply;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Reports;
import io.ocelot.werker.agent.client.WerkerClient;

/**
 * How a run of a build's events reaches the plugin: as one {@link Report} call, or, for a plugin that does not say it
 * takes reports (one from before that call, or a spool recovered without its job), as one call per log piece, stage
 * update and finish, with the same answer. Either way the call may throw what {@link WerkerClient} throws.
 */
@FunctionalInterface
public interface ReportCalls {
    /** Sends {@code report}; {@code held}: the log bytes the plugin held before it, as far as the werker knows. */
    ReportReply send(long buildId, Report report, long held);

    static ReportCalls batched(WerkerClient client) {
        return (buildId, report, held) -> client.report(buildId, report);
    }

    /** The report's items one call each, in order, stopping where the plugin would stop a report ({@link Reports}). */
    static ReportCalls oneByOne(WerkerClient client) {
        return (buildId, report, held) -> Reports.apply(report, held, new Reports.Target() {
            public long log(LogPiece p) {
                return client.appendLog(buildId, new LogAppend(report.lease(), p.offset(), p.stage(), p.stream(),
                        p.data())).offset();
            }

            public void stage(StageUpdate update) {
                client.stage(buildId, update);
            }

            public FinishReply finish(FinishRequest finish) {
                return client.finish(buildId, finish);
            }
        });
    }
}

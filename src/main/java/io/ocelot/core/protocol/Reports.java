package io.ocelot.core.protocol;

import io.ocelot.core.protocol.Messages.FinishReply;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.LogPiece;
import io.ocelot.core.protocol.Messages.Report;
import io.ocelot.core.protocol.Messages.ReportItem;
import io.ocelot.core.protocol.Messages.ReportReply;
import io.ocelot.core.protocol.Messages.StageUpdate;

/**
 * The one rule of a {@link Report}: its shape, and how its items are applied. The plugin applies a report with it;
 * a werker whose plugin takes no reports makes one call per item with it, so both answer alike.
 */
public final class Reports {
    private Reports() {
    }

    /** What applying a report's items does on one side of the protocol. */
    public interface Target {
        /** Stores the piece; the log bytes held after it. */
        long log(LogPiece piece);

        void stage(StageUpdate update);

        FinishReply finish(FinishRequest finish);
    }

    /**
     * The items in order, each applied by {@code target}: stops at a log piece that leaves the log short of its end
     * (a gap), and ends with the finish, applied only when taken. {@code held}: the log bytes held before the report
     * (the answer when it carries no log piece).
     */
    public static ReportReply apply(Report report, long held, Target target) {
        int applied = 0;
        long at = held;
        for (ReportItem item : report.items()) {
            if (item.log() != null) {
                LogPiece p = item.log();
                at = target.log(p);
                if (at < p.offset() + p.data().length) {
                    return new ReportReply(applied, at, false);
                }
            } else if (item.stage() != null) {
                target.stage(item.stage());
            } else {
                FinishReply f = target.finish(item.finish());
                return new ReportReply(f.accepted() ? applied + 1 : applied, f.logOffset(), f.accepted());
            }
            applied++;
        }
        return new ReportReply(applied, at, false);
    }

    /**
     * Why the report's items are not a report ("report: ..."): more than {@link Protocol#MAX_REPORT_ITEMS}, an item
     * that is not exactly one of log, stage and finish, a finish that is not the last; null when they are.
     */
    public static String shapeProblem(Report report) {
        int n = report.items().size();
        if (n > Protocol.MAX_REPORT_ITEMS) {
            return "report: at most " + Protocol.MAX_REPORT_ITEMS + " items, the werker sent " + n;
        }
        for (int i = 0; i < n; i++) {
            ReportItem item = report.items().get(i);
            int set = item == null ? 0 : (item.log() != null ? 1 : 0) + (item.stage() != null ? 1 : 0)
                    + (item.finish() != null ? 1 : 0);
            if (set != 1) {
                return "report: item " + i + " must be exactly one of log, stage, finish";
            }
            if (item.finish() != null && i != n - 1) {
                return "report: the finish must be the last item (it is item " + i + " of " + n + ")";
            }
        }
        return null;
    }

    /** Whether the report's last item is its finish. */
    public static boolean endsWithFinish(Report report) {
        return !report.items().isEmpty() && report.items().get(report.items().size() - 1).finish() != null;
    }
}

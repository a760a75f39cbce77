package io.ocelot.plugin.testkit;

import io.ocelot.plugin.insights.CodeInsightsReport;
import io.ocelot.plugin.insights.InsightsPublisher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Code Insights reports the plugin publishes, in order, for tests that run without Bitbucket (the harness uses
 * the real adapter over {@link FakeBitbucket} instead, and wraps it in this to read what went through).
 */
public final class RecordingInsightsPublisher implements InsightsPublisher {
    private final InsightsPublisher next;
    private final List<CodeInsightsReport> published = new CopyOnWriteArrayList<>();

    public RecordingInsightsPublisher() {
        this(r -> { });
    }

    public RecordingInsightsPublisher(InsightsPublisher next) {
        this.next = next;
    }

    @Override
    public void publish(CodeInsightsReport report) {
        next.publish(report);
        published.add(report);
    }

    public List<CodeInsightsReport> published() {
        return List.copyOf(published);
    }
}

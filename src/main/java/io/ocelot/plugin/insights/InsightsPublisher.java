package io.ocelot.plugin.insights;

/** Port: puts a Code Insights report, with its annotations, on a commit in Bitbucket (replacing one of the same key). */
public interface InsightsPublisher {
    void publish(CodeInsightsReport report);
}

package io.ocelot.plugin.insights;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.TestFailure;
import io.ocelot.core.build.TestReport;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.repo.RepositoryFiles;
import io.ocelot.plugin.status.BuildLinks;
import io.ocelot.plugin.status.FinishedBuildReport;
import io.ocelot.plugin.status.StatusKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A finished build's Code Insights report: one per status key on the commit (a push build's "ocelot", a pull
 * request's "ocelot-pr"), PASS when the build passed, with the tests, the duration and a link to the build page, and
 * an annotation per failing test whose trace points at a file of the repository. Publishing never fails a build.
 */
@Named
public class BuildInsights implements FinishedBuildReport {
    /** Annotations per report: the failures a build keeps, well under Bitbucket's 1000. */
    static final int MAX_ANNOTATIONS = TestReport.MAX_FAILURES;
    private static final Logger log = LoggerFactory.getLogger(BuildInsights.class);

    private final InsightsPublisher publisher;
    private final RepositoryFiles files;
    private final BuildLinks links;
    private final Clock clock;

    @Inject
    public BuildInsights(InsightsPublisher publisher, RepositoryFiles files, BuildLinks links, Clock clock) {
        this.publisher = publisher;
        this.files = files;
        this.links = links;
        this.clock = clock;
    }

    @Override
    public void publish(Build b, TestReport tests) {
        try {
            publisher.publish(reportOf(b, tests));
        } catch (RuntimeException e) {
            log.warn("Ocelot could not publish the Code Insights report of build {} on {} {}: {}", b.id(),
                    b.repository(), b.commit(), e.toString());
        }
    }

    CodeInsightsReport reportOf(Build b, TestReport tests) {
        String url = links.buildPage(b);
        boolean passed = b.outcome() == BuildResult.PASSED;
        List<CodeInsightsReport.Data> data = new ArrayList<>();
        if (tests != null) {
            data.add(new CodeInsightsReport.Data("Tests", CodeInsightsReport.Kind.TEXT, tests.summary()));
            data.add(new CodeInsightsReport.Data("Failed tests", CodeInsightsReport.Kind.NUMBER, tests.failed()));
        }
        data.add(new CodeInsightsReport.Data("Duration", CodeInsightsReport.Kind.DURATION,
                b.durationMillis(clock.millis())));
        data.add(new CodeInsightsReport.Data("Build", CodeInsightsReport.Kind.LINK, url));
        String details = "Build #" + b.id() + " " + (b.outcome() == null ? "" : b.outcome().name().toLowerCase())
                + (tests == null ? "" : ": tests " + tests.summary());
        return new CodeInsightsReport(b.repository(), b.commit(), StatusKeys.key(b),
                "Ocelot" + (b.prId() != 0 ? " (pull request)" : ""), details, passed, url, data,
                tests == null ? List.of() : annotations(b, tests, url));
    }

    private List<CodeInsightsReport.Annotation> annotations(Build b, TestReport tests, String url) {
        SourcePaths paths = new SourcePaths(files, b.repository(), b.commit());
        List<CodeInsightsReport.Annotation> out = new ArrayList<>();
        int n = 0;
        for (TestFailure f : tests.failures()) {
            n++;
            if (f.file() == null || f.line() == null || out.size() >= MAX_ANNOTATIONS) {
                continue;
            }
            Optional<String> path = paths.resolve(f.file(), BuildPlan.CONTAINER_WORKSPACE);
            if (path.isEmpty()) {
                continue;
            }
            String message = f.suite() + " > " + f.test() + " failed: " + (f.message() == null ? "" : f.message());
            if (message.length() > CodeInsightsReport.MAX_MESSAGE) {
                message = message.substring(0, CodeInsightsReport.MAX_MESSAGE - 1) + "…";
            }
            out.add(new CodeInsightsReport.Annotation(path.get(), f.line(), message, "ocelot-" + b.id() + "-" + n, url));
        }
        return out;
    }
}

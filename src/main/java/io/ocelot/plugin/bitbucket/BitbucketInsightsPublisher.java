package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.codeinsights.annotation.AnnotationSeverity;
import com.atlassian.bitbucket.codeinsights.annotation.AnnotationType;
import com.atlassian.bitbucket.codeinsights.annotation.BulkAddInsightAnnotationRequest;
import com.atlassian.bitbucket.codeinsights.annotation.DeleteAnnotationRequest;
import com.atlassian.bitbucket.codeinsights.annotation.InsightAnnotationService;
import com.atlassian.bitbucket.codeinsights.annotation.SingleAddInsightAnnotationRequest;
import com.atlassian.bitbucket.codeinsights.report.InsightDataType;
import com.atlassian.bitbucket.codeinsights.report.InsightReportData;
import com.atlassian.bitbucket.codeinsights.report.InsightReportService;
import com.atlassian.bitbucket.codeinsights.report.InsightResult;
import com.atlassian.bitbucket.codeinsights.report.SetInsightReportRequest;
import com.atlassian.bitbucket.repository.Repository;
import com.atlassian.bitbucket.repository.RepositoryService;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.insights.CodeInsightsReport;
import io.ocelot.plugin.insights.InsightsPublisher;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.List;
import java.util.Map;

/**
 * {@link InsightsPublisher} in process, through Bitbucket's Code Insights Java API (code-insights-api). The ONLY code
 * naming its types, whose signatures are not confirmed from public sources (docs/bitbucket-api.md): the -Patlassian
 * build is where this class gets confirmed or fixed. The report is set (replacing the previous one of its key), the
 * previous annotations of the key are deleted, then the new ones added, all as Ocelot under
 * {@link BitbucketEscalation#publishingInsights}.
 */
@Named
public class BitbucketInsightsPublisher implements InsightsPublisher {
    private static final String REPORTER = "Ocelot CI";

    private final InsightReportService reports;
    private final InsightAnnotationService annotations;
    private final RepositoryService repositories;
    private final BitbucketEscalation escalation;

    @Inject
    public BitbucketInsightsPublisher(@ComponentImport InsightReportService reports,
                                      @ComponentImport InsightAnnotationService annotations,
                                      @ComponentImport RepositoryService repositories,
                                      BitbucketEscalation escalation) {
        this.reports = reports;
        this.annotations = annotations;
        this.repositories = repositories;
        this.escalation = escalation;
    }

    @Override
    public void publish(CodeInsightsReport r) {
        escalation.publishingInsights(() -> publishAsOcelot(r));
    }

    private void publishAsOcelot(CodeInsightsReport r) {
        Repository repository = repositories.getById(r.repository().id());
        if (repository == null) {
            return; // deleted meanwhile
        }
        reports.set(new SetInsightReportRequest.Builder(repository, r.commit(), r.key())
                .title(r.title())
                .details(r.details())
                .result(r.passed() ? InsightResult.PASS : InsightResult.FAIL)
                .reporter(REPORTER)
                .link(r.link())
                .data(r.data().stream().map(BitbucketInsightsPublisher::data).toList())
                .build());
        annotations.deleteAnnotations(new DeleteAnnotationRequest.Builder(repository, r.commit(), r.key()).build());
        if (r.annotations().isEmpty()) {
            return;
        }
        List<SingleAddInsightAnnotationRequest> add = r.annotations().stream()
                .map(a -> new SingleAddInsightAnnotationRequest.Builder()
                        .path(a.path())
                        .line(a.line())
                        .message(a.message())
                        .severity(AnnotationSeverity.HIGH)
                        .type(AnnotationType.BUG)
                        .externalId(a.externalId())
                        .link(a.link())
                        .build())
                .toList();
        annotations.addAnnotations(new BulkAddInsightAnnotationRequest.Builder(repository, r.commit(), r.key())
                .annotations(add).build());
    }

    private static InsightReportData data(CodeInsightsReport.Data d) {
        InsightDataType type = InsightDataType.valueOf(d.kind().name());
        Object value = d.kind() == CodeInsightsReport.Kind.LINK
                ? Map.of("linktext", d.title(), "href", String.valueOf(d.value())) : d.value();
        return new InsightReportData.Builder(d.title(), type).value(value).build();
    }
}

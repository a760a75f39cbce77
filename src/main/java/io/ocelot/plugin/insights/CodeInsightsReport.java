package io.ocelot.plugin.insights;

import io.ocelot.plugin.repo.RepositoryRef;

import java.util.List;

/**
 * A build's Code Insights report on its commit: {@code key} is the build's status key (one report per kind of build,
 * replaced by its next build), {@code passed} the PASS/FAIL result, {@code data} at most {@link #MAX_DATA} fields,
 * {@code annotations} the failing tests at file:line (Bitbucket shows those on lines a pull request changes).
 */
public record CodeInsightsReport(RepositoryRef repository, String commit, String key, String title, String details,
                                 boolean passed, String link, List<Data> data, List<Annotation> annotations) {
    /** Bitbucket's limit on a report's data fields. */
    public static final int MAX_DATA = 6;
    /** Bitbucket's limit on an annotation's message. */
    public static final int MAX_MESSAGE = 2000;

    public CodeInsightsReport {
        data = List.copyOf(data.subList(0, Math.min(MAX_DATA, data.size())));
        annotations = List.copyOf(annotations);
    }

    public enum Kind { TEXT, NUMBER, DURATION, LINK }

    /** One data field; a LINK's value is its URL, shown with {@code title}. */
    public record Data(String title, Kind kind, Object value) {
    }

    /** A failing test at {@code path} (in the repository) and {@code line}. */
    public record Annotation(String path, int line, String message, String externalId, String link) {
    }
}

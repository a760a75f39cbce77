package com.atlassian.bitbucket.codeinsights.annotation;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source (name and package): https://docs.atlassian.com/bitbucket-server/javadoc/6.8.1/code-insights-api/allclasses-noframe.html
 * (the code-insights-api javadoc; fields from the REST API, https://developer.atlassian.com/server/bitbucket/rest/v807/api-group-builds-and-deployments/).
 * Not confirmed: the constructor and method signatures, see docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
public enum AnnotationSeverity { LOW, MEDIUM, HIGH }

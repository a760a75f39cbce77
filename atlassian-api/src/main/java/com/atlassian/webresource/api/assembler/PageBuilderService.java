package com.atlassian.webresource.api.assembler;

/** Compile-only declaration (atlassian-api-notes.md). */
public interface PageBuilderService {
    WebResourceAssembler assembler();
}

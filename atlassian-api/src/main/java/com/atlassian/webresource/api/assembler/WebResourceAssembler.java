package com.atlassian.webresource.api.assembler;

/** Compile-only declaration (atlassian-api-notes.md: {@code assembler().resources()}). */
public interface WebResourceAssembler {
    RequiredResources resources();
}

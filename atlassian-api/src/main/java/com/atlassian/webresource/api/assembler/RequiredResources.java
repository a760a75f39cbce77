package com.atlassian.webresource.api.assembler;

/** Compile-only declaration. requireContext: atlassian-api-notes.md; requireWebResource: UNVERIFIED (not used). */
public interface RequiredResources {
    RequiredResources requireContext(String context);
}

package io.ocelot.core.lang;

/** PLACEHOLDER: the validated model of an ocelot.yml; the language work fills it in. */
public final class PipelineFile {
}

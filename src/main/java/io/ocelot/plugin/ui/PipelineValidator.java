package io.ocelot.plugin.ui;

import io.ocelot.core.lang.ParseResult;

/** Checks an ocelot.yml a user sends ({@code POST /validate}). */
public interface PipelineValidator {
    ParseResult validate(String fileName, byte[] content);
}

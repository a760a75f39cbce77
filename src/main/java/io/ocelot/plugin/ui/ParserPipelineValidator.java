package io.ocelot.plugin.ui;

import io.ocelot.core.lang.ParseResult;
import io.ocelot.core.lang.PipelineParser;

import javax.inject.Named;

/** The real validator: the core's parser, the same one the trigger path and {@code ocelot validate} use. */
@Named
public final class ParserPipelineValidator implements PipelineValidator {
    @Override
    public ParseResult validate(String fileName, byte[] content) {
        return PipelineParser.parse(fileName, content);
    }
}

package io.ocelot.plugin.ui;

import io.ocelot.core.lang.ParseResult;
import org.junit.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** The REST validate endpoint and the settings page check files with the real core parser. */
public class ParserPipelineValidatorTest {
    private final PipelineValidator validator = new ParserPipelineValidator();

    @Test
    public void aValidFileHasNoErrors() {
        ParseResult r = validator.validate("ocelot.yml",
                "image: alpine\nstages:\n  - name: build\n    script:\n      - echo hi\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(r.problems().toString(), r.isValid());
    }

    @Test
    public void anUnknownKeyIsAnErrorWithItsLineAndColumn() {
        ParseResult r = validator.validate("ocelot.yml",
                "image: alpine\nstagez:\n  - name: build\n".getBytes(StandardCharsets.UTF_8));
        assertFalse(r.isValid());
        // the real parser also reports the missing 'stages' (at 1:1); the unknown key is where it is, with a hint
        var unknown = r.errors().stream().filter(p -> p.message().contains("'stagez'")).findFirst().orElseThrow();
        assertEquals(2, unknown.line());
        assertEquals(1, unknown.column());
        assertTrue(unknown.message(), unknown.message().contains("did you mean 'stages'"));
    }
}

package io.ocelot.plugin.ui;

import io.ocelot.core.lang.ParseResult;
import io.ocelot.core.lang.Problem;
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
        // problems come in file order: the missing 'stages' (reported at the top of the file) first
        Problem unknown = r.errors().stream().filter(e -> e.message().contains("unknown key 'stagez'"))
                .findFirst().orElseThrow(() -> new AssertionError(r.problems().toString()));
        assertEquals(2, unknown.line());
        assertEquals(1, unknown.column());
        assertTrue(unknown.message(), unknown.message().contains("did you mean 'stages'?"));
    }
}

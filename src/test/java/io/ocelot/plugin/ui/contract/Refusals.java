package io.ocelot.plugin.ui.contract;

import io.ocelot.plugin.ui.UserFacingException;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

/** Asserting that a port refuses, and with which kind (the status the REST layer answers). */
final class Refusals {
    private Refusals() {
    }

    static UserFacingException refused(UserFacingException.Kind kind, Runnable call) {
        try {
            call.run();
        } catch (UserFacingException e) {
            assertEquals(e.getMessage(), kind, e.kind());
            return e;
        }
        fail("expected a " + kind + " refusal");
        throw new AssertionError();
    }
}

package io.ocelot.core.api;

import java.util.List;

/**
 * The body of every 4xx/5xx answer of the user API. {@code candidates} lists the choices when a reference was
 * ambiguous (409): repositories "PROJECT/repo" or full commit hashes. (The werker protocol's
 * {@link io.ocelot.core.protocol.Messages.ErrorReply} has no candidates; this one reads its JSON too.)
 */
public record ErrorReply(String error, List<String> candidates) {
    public ErrorReply(String error) {
        this(error, null);
    }
}

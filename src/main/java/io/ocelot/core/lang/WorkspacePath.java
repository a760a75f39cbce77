package io.ocelot.core.lang;

/**
 * A path relative to the workspace, as cache paths, cache keys and an image build's context and Dockerfile are
 * written: never absolute and never leaving the workspace with {@code ..}, so a pushed file cannot make the werker
 * read or write outside the build's own directory.
 */
final class WorkspacePath {
    static final int MAX_LENGTH = 500;

    private WorkspacePath() {
    }

    /** Null when {@code path} is fine; otherwise what is wrong, and at which character ({@link Fault#offset}). */
    static Fault problem(String path) {
        if (path.isBlank()) {
            return new Fault("the path is empty", 0);
        }
        if (path.length() > MAX_LENGTH) {
            return new Fault("the path is longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        if (path.startsWith("/")) {
            return new Fault("the path must be relative to the workspace, not start with '/'", 0);
        }
        if (path.indexOf('\\') >= 0) {
            return new Fault("use '/' between directories, not '\\'", path.indexOf('\\'));
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                return new Fault("the path holds a control character", i);
            }
        }
        int at = 0;
        for (String seg : path.split("/", -1)) {
            if (seg.equals("..")) {
                return new Fault("'..' would leave the workspace", at);
            }
            at += seg.length() + 1;
        }
        return null;
    }

    record Fault(String message, int offset) {
    }
}

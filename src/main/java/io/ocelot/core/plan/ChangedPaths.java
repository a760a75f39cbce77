package io.ocelot.core.plan;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Supplier;

/**
 * The paths an event changed, read the first time a pipeline asks for them ({@code paths:}, {@code \filepath}) and
 * never when none does: most pipeline files do not, and the read is one more call into Bitbucket's SCM (a git
 * process) on every push. Read once, then kept. A read that fails is {@link Unavailable} every time it is asked, so
 * whoever plans can tell "the paths could not be read" (the trigger is retried) from a planning failure.
 */
public final class ChangedPaths extends AbstractList<String> implements RandomAccess {
    private final Supplier<List<String>> read;
    private List<String> paths; // guarded by this

    private ChangedPaths(Supplier<List<String>> read) {
        this.read = read;
    }

    /** The paths {@code read} gives, read on first use. */
    public static List<String> later(Supplier<List<String>> read) {
        return new ChangedPaths(read);
    }

    /** An immutable copy of {@code paths} (empty for null); paths not read yet stay unread. */
    public static List<String> copyOf(List<String> paths) {
        if (paths == null) {
            return List.of();
        }
        return paths instanceof ChangedPaths ? paths : List.copyOf(paths);
    }

    private synchronized List<String> paths() {
        if (paths == null) {
            try {
                paths = List.copyOf(read.get());
            } catch (RuntimeException e) {
                throw new Unavailable(e);
            }
        }
        return paths;
    }

    @Override
    public String get(int index) {
        return paths().get(index);
    }

    @Override
    public int size() {
        return paths().size();
    }

    /** The changed paths could not be read; {@link #reason()} is why. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(RuntimeException reason) {
            super("the changed paths could not be read: " + reason.getMessage(), reason);
        }

        /** The failure of the read: the cause, always a {@link RuntimeException} (see {@link #paths()}). */
        public RuntimeException reason() {
            return (RuntimeException) getCause();
        }
    }
}

package io.ocelot.plugin.store;

/**
 * AO's {@link net.java.ao.Entity} keys are {@code int}, while Ocelot's ids are {@code long} everywhere else (the
 * werker API, the REST API, the log and stage tables). An id outside the key range names no row: it must never be
 * narrowed with a cast, which would make build 4294967297 act on build 1.
 */
final class EntityIds {
    private EntityIds() {
    }

    /** Whether {@code id} can be the key of a row. */
    static boolean fits(long id) {
        return id >= Integer.MIN_VALUE && id <= Integer.MAX_VALUE;
    }

    /** The row key for an id already known to exist; a wider id is a bug, not a row. */
    static int key(long id) {
        if (!fits(id)) {
            throw new IllegalArgumentException("no row can have id " + id);
        }
        return (int) id;
    }
}

package io.ocelot.bench;

/**
 * AO's transactions at READ COMMITTED while a benchmark runs on PostgreSQL, as Bitbucket runs them there (see
 * {@code TestDatabase}); the property is process-wide and read at each transaction, so it is put back when the
 * PostgreSQL part ends: the HSQLDB benchmarks run SERIALIZABLE (AO's HSQLDB provider deadlocks otherwise).
 */
final class PgIsolation implements AutoCloseable {
    private static final String PROPERTY = "ao.transaction.isolation.level";
    private final String before;

    private PgIsolation() {
        before = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, "TRANSACTION_READ_COMMITTED");
    }

    static PgIsolation readCommitted() {
        return new PgIsolation();
    }

    @Override
    public void close() {
        if (before == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, before);
        }
    }
}

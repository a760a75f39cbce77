package io.ocelot.plugin.testkit;

import io.ocelot.plugin.store.OcelotEntities;
import net.java.ao.EntityManager;
import net.java.ao.builder.EntityManagerBuilder;
import net.java.ao.schema.Case;
import net.java.ao.schema.UnderscoreFieldNameConverter;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real AO database with the plugin's schema migrated. {@link #fresh()} is a new, empty database of the kind the
 * run asks for (system property {@value #KIND_PROPERTY}: {@code hsqldb}, the default, or {@code postgresql}), so the
 * same store, queue, lease and log tests run on both (pom.xml runs them twice). HSQLDB is in memory, in MVCC mode
 * so concurrent transactions behave like the row-locking databases Bitbucket runs on; PostgreSQL is a database of
 * its own on the server {@code scripts/setup-postgres.sh} starts ({@value #PG_PROPERTY}, default
 * {@value #PG_DEFAULT}), created here and dropped on close. {@link #file(Path)} is HSQLDB in files, reopened by a
 * later call with the same path (restart tests).
 */
public final class TestDatabase implements AutoCloseable {
    public static final String KIND_PROPERTY = "ocelot.test.db";
    public static final String PG_PROPERTY = "ocelot.test.pg";
    public static final String PG_DEFAULT = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String PG_USER = "ocelot_test";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        // The plain AO library runs its transactions SERIALIZABLE unless told otherwise; inside Bitbucket the AO
        // plugin runs them in Bitbucket's own transactions, at the database's default isolation: READ COMMITTED on
        // PostgreSQL (docs/plugin.md "Isolation"). READ COMMITTED is the weaker, so the stricter test world: a write
        // that waited for a row lock proceeds on the row as the other transaction left it instead of failing. The
        // PostgreSQL run uses it. HSQLDB stays SERIALIZABLE: AO's HSQLDB provider serializes inserts on a JVM monitor,
        // which deadlocks with HSQLDB's READ COMMITTED wait on a duplicate unique key (an artifact of that provider,
        // not of any database Bitbucket runs on).
        if (isPostgresql()) {
            System.setProperty("ao.transaction.isolation.level", "TRANSACTION_READ_COMMITTED");
        }
    }

    private final String url;
    private final String user;
    private final String password;
    private final Runnable drop;
    private final EntityManager em;
    private final AoTestFacade ao;

    private TestDatabase(String url, String user, String password, Runnable drop) {
        this(url, user, password, drop, false);
    }

    /**
     * {@code pooled}: AO over a DBCP pool (what the benchmarks use on PostgreSQL, where a new connection per
     * statement — AO's plain data source — would be what they measure; Bitbucket pools its connections). The tests
     * keep the plain one, which no pool size can make wait.
     */
    private TestDatabase(String url, String user, String password, Runnable drop, boolean pooled) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.drop = drop;
        var builder = EntityManagerBuilder.url(url).username(user).password(password);
        this.em = (pooled ? builder.dbcp() : builder.none())
                .fieldNameConverter(new UnderscoreFieldNameConverter(Case.UPPER))
                .build();
        this.ao = new AoTestFacade(em);
        ao.migrate(OcelotEntities.array());
    }

    /** A new empty database of the kind this run tests ({@value #KIND_PROPERTY}). */
    public static TestDatabase fresh() {
        String kind = System.getProperty(KIND_PROPERTY, "hsqldb");
        switch (kind) {
            case "hsqldb":
                return inMemory();
            case "postgresql":
                return postgresql();
            default:
                throw new IllegalArgumentException(KIND_PROPERTY + "=" + kind + ": expected hsqldb or postgresql");
        }
    }

    public static boolean isPostgresql() {
        return "postgresql".equals(System.getProperty(KIND_PROPERTY));
    }

    public static TestDatabase inMemory() {
        return open("jdbc:hsqldb:mem:ocelot-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID());
    }

    /**
     * A database of its own on the test server. Fails (never skips) when no server answers: the test command starts
     * one, and a store test that silently did not run on PostgreSQL would be counted as coverage it is not.
     */
    public static TestDatabase postgresql() {
        return postgresql(false);
    }

    /** {@link #postgresql()} with pooled connections (the benchmarks). */
    public static TestDatabase postgresqlPooled() {
        return postgresql(true);
    }

    private static TestDatabase postgresql(boolean pooled) {
        String server = System.getProperty(PG_PROPERTY, PG_DEFAULT);
        String name = "ocelot_t_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(server + "postgres", PG_USER, PG_USER)) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("no PostgreSQL test server at " + server
                    + " (run scripts/setup-postgres.sh as root): " + e.getMessage(), e);
        }
        return new TestDatabase(server + name, PG_USER, PG_USER, () -> {
            try (Connection c = DriverManager.getConnection(server + "postgres", PG_USER, PG_USER)) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                throw new IllegalStateException("could not drop test database " + name, e);
            }
        }, pooled);
    }

    /**
     * An existing database on the test server, made by {@link #postgresql()} in another JVM (the other node of a
     * cluster test): the schema is migrated as a starting node does, and nothing is dropped on close.
     */
    public static TestDatabase postgresqlExisting(String url) {
        return postgresqlExisting(url, false);
    }

    /** {@link #postgresqlExisting(String)}, with pooled connections when {@code pooled} (the benchmarks). */
    public static TestDatabase postgresqlExisting(String url, boolean pooled) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL URL: " + url);
        }
        return new TestDatabase(url, PG_USER, PG_USER, () -> { }, pooled);
    }

    public static TestDatabase file(Path directory) {
        return open("jdbc:hsqldb:file:" + directory.resolve("ocelot").toAbsolutePath());
    }

    /** Any HSQLDB URL; {@code hsqldb.tx=mvcc} is added when it names no transaction mode. */
    public static TestDatabase open(String url) {
        String u = url.contains("hsqldb.tx") ? url : url + ";hsqldb.tx=mvcc";
        return new TestDatabase(u, "sa", "", () -> {
            try (Connection c = DriverManager.getConnection(u, "sa", "")) {
                // A file database must be shut down to flush; a memory one is dropped so tests do not leak memory.
                c.createStatement().execute("SHUTDOWN");
            } catch (SQLException ignored) {
                // already shut down
            }
        });
    }

    public AoTestFacade ao() {
        return ao;
    }

    public String url() {
        return url;
    }

    /** A plain JDBC connection, to look at tables the way an attacker with a DB dump would. */
    public Connection jdbc() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    @Override
    public void close() {
        em.getProvider().dispose();
        drop.run();
    }
}

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
 * A real AO database on HSQLDB with the plugin's schema migrated: in memory ({@link #inMemory()}) or in files
 * ({@link #file(Path)}, reopened by a later call with the same path — for restart tests). MVCC mode so
 * concurrent transactions behave like the row-locking databases Bitbucket runs on.
 */
public final class TestDatabase implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private final String url;
    private final EntityManager em;
    private final AoTestFacade ao;

    private TestDatabase(String url) {
        this.url = url;
        this.em = EntityManagerBuilder.url(url).username("sa").password("").auto()
                .fieldNameConverter(new UnderscoreFieldNameConverter(Case.UPPER))
                .build();
        this.ao = new AoTestFacade(em);
        ao.migrate(OcelotEntities.array());
    }

    public static TestDatabase inMemory() {
        return open("jdbc:hsqldb:mem:ocelot-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID());
    }

    public static TestDatabase file(Path directory) {
        return open("jdbc:hsqldb:file:" + directory.resolve("ocelot").toAbsolutePath());
    }

    /** Any HSQLDB URL; {@code hsqldb.tx=mvcc} is added when it names no transaction mode. */
    public static TestDatabase open(String url) {
        String u = url.contains("hsqldb.tx") ? url : url + ";hsqldb.tx=mvcc";
        return new TestDatabase(u);
    }

    public AoTestFacade ao() {
        return ao;
    }

    public String url() {
        return url;
    }

    /** A plain JDBC connection, to look at tables the way an attacker with a DB dump would. */
    public Connection jdbc() throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }

    @Override
    public void close() {
        try (Connection c = jdbc()) {
            // A file database must be shut down to flush; a memory one is dropped so tests do not leak memory.
            c.createStatement().execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // already shut down
        }
        em.getProvider().dispose();
    }
}

package io.ocelot.plugin.store;

import io.ocelot.plugin.testkit.TestDatabase;
import org.junit.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.Assert.assertTrue;

public class SchemaSmokeTest {
    @Test
    public void tablesAreCreated() throws Exception {
        try (TestDatabase db = TestDatabase.inMemory(); Connection c = db.jdbc()) {
            TreeSet<String> names = new TreeSet<>();
            try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[]{"TABLE"})) {
                while (rs.next()) names.add(rs.getString("TABLE_NAME"));
            }
            System.out.println(names);
            BuildEntity b = db.ao().create(BuildEntity.class, Map.of("IDENTITY_KEY", "k", "REPO_ID", 1, "COMMIT_HASH", "abc"));
            b.setState("QUEUED");
            b.save();
            System.out.println(db.ao().find(BuildEntity.class, "STATE = ?", "QUEUED").length);
            LogChunkEntity ch = db.ao().create(LogChunkEntity.class, Map.of("CHUNK_KEY", "1", "BUILD_ID", 1L));
            ch.setContent(new byte[]{1, 2, (byte) 0xff});
            ch.save();
            System.out.println(db.ao().find(LogChunkEntity.class)[0].getContent().length);
            assertTrue(names.contains("BUILD"));
        }
    }
}

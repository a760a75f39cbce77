package io.ocelot.werker.engine.cache;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** The host's cache directory: atomic saves, repositories apart, least-recently-used eviction under the cap. */
public class CacheStoreTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static CacheStore.Content bytes(int n) {
        return out -> out.write(new byte[n]);
    }

    @Test
    public void theLeastRecentlyUsedCachesGoFirstAndARestoreCountsAsAUse() throws IOException {
        CacheStore store = new CacheStore(tmp.getRoot().toPath(), 2500);
        store.save("repo", "a", "k", bytes(1000));
        store.save("repo", "b", "k", bytes(1000));
        Instant now = Instant.now();
        Files.setLastModifiedTime(store.file("repo", "a", "k"), FileTime.from(now.minusSeconds(30)));
        Files.setLastModifiedTime(store.file("repo", "b", "k"), FileTime.from(now.minusSeconds(20)));
        assertTrue(store.find("repo", "a", "k").isPresent()); // a is now the most recently used

        store.save("other-repo", "c", "k", bytes(1000));

        assertTrue(store.find("repo", "a", "k").isPresent());
        assertFalse("the least recently used one went", store.find("repo", "b", "k").isPresent());
        assertTrue(store.find("other-repo", "c", "k").isPresent());
    }

    @Test
    public void aCacheLargerThanTheCapIsNotKeptAndEvictsNothing() throws IOException {
        CacheStore store = new CacheStore(tmp.getRoot().toPath(), 2500);
        store.save("repo", "small", "k", bytes(1000));
        assertEquals(-1, store.save("repo", "huge", "k", bytes(3000)));
        assertFalse(store.find("repo", "huge", "k").isPresent());
        assertTrue(store.find("repo", "small", "k").isPresent());
        assertEquals(1, files().count());
    }

    @Test
    public void aSaveThatDiesHalfWayLeavesNothingThatARestoreWouldFind() throws IOException {
        CacheStore store = new CacheStore(tmp.getRoot().toPath(), 1 << 20);
        store.save("repo", "deps", "k", out -> out.write("good".getBytes()));
        try {
            store.save("repo", "deps", "k", out -> {
                out.write(new byte[500]);
                throw new IOException("disk went away");
            });
            fail("the failure must reach the caller");
        } catch (IOException expected) {
            assertEquals("disk went away", expected.getMessage());
        }
        Path kept = store.find("repo", "deps", "k").orElseThrow();
        assertEquals("the good cache is still the one restored", "good", Files.readString(kept));
        assertEquals("no temporary file is left", 1, files().count());

        // a werker that crashed mid-save leaves a temporary file: never restored, removed once stale
        Path stale = kept.resolveSibling(CacheStore.TEMP_PREFIX + "crashed.tmp");
        Files.write(stale, new byte[100]);
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(CacheStore.STALE_TEMP).minusSeconds(60)));
        assertFalse(store.find("repo", "crashed", "k").isPresent());
        store.evict();
        assertFalse(Files.exists(stale));
    }

    @Test
    public void repositoriesNamesAndKeysHaveFilesOfTheirOwn() {
        CacheStore store = new CacheStore(tmp.getRoot().toPath(), 1 << 20);
        Path a = store.file("PROJ/app", "deps", "k1");
        assertNotEquals(a, store.file("PROJ/other", "deps", "k1"));
        assertNotEquals(a, store.file("PROJ/app", "deps2", "k1"));
        assertNotEquals(a, store.file("PROJ/app", "deps", "k2"));
        assertNotEquals("names that clean up alike stay apart", store.file("r", "a/b", "k"), store.file("r", "a_b", "k"));
        assertTrue(a.startsWith(tmp.getRoot().toPath()));
    }

    private Stream<Path> files() throws IOException {
        return Files.walk(tmp.getRoot().toPath()).filter(Files::isRegularFile);
    }
}

package io.ocelot.werker.agent.spool;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** The on-disk spool: what a restarted werker reads back, and how the log is cut into protocol chunks. */
public class BuildSpoolTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final LeaseRef LEASE = new LeaseRef(1, "lease-1");

    private static Job job(long id) {
        return new Job(id, LEASE, 20, "PROJ/repo", "main", "abc", null, null, null, null);
    }

    @Test
    public void chunksNeverMixStagesOrStreamsAndNeverExceedTheProtocolLimit() throws Exception {
        BuildSpool spool = BuildSpool.create(tmp.getRoot().toPath(), job(1));
        spool.appendLog(0, LogStream.STDOUT, bytes("aaa"));
        spool.appendLog(0, LogStream.STDOUT, bytes("bb"));
        spool.appendLog(0, LogStream.STDERR, bytes("E"));
        spool.appendLog(1, LogStream.STDOUT, new byte[Protocol.MAX_LOG_CHUNK_BYTES + 10]);

        BuildSpool.Chunk c = spool.chunk(0, spool.produced());
        assertEquals("aaabb", new String(c.data(), StandardCharsets.UTF_8));
        c = spool.chunk(2, spool.produced()); // from the middle of a segment
        assertEquals("abb", new String(c.data(), StandardCharsets.UTF_8));
        c = spool.chunk(5, spool.produced());
        assertEquals(LogStream.STDERR, c.stream());
        assertEquals(1, c.data().length);
        c = spool.chunk(6, spool.produced());
        assertEquals(1, c.stage());
        assertEquals(Protocol.MAX_LOG_CHUNK_BYTES, c.data().length);
        c = spool.chunk(6 + Protocol.MAX_LOG_CHUNK_BYTES, spool.produced());
        assertEquals(10, c.data().length);
        spool.close();
    }

    @Test
    public void aRestartedWerkerReadsBackAFinishedSpoolAndIgnoresATornLastLine() throws Exception {
        Path root = tmp.getRoot().toPath();
        BuildSpool spool = BuildSpool.create(root, job(2));
        spool.stage(new StageUpdate(LEASE, 0, "build", StageStatus.RUNNING, null, 1, 0, null));
        spool.appendLog(0, LogStream.STDOUT, bytes("hello\n"));
        spool.stage(new StageUpdate(LEASE, 0, "build", StageStatus.PASSED, 0, 1, 5, null));
        spool.finish(BuildResult.PASSED, null);
        spool.close();
        Files.writeString(root.resolve("2/journal"), "{\"kind\":\"stage\",\"logMa", StandardOpenOption.APPEND);

        BuildSpool unfinished = BuildSpool.create(root, job(3));
        unfinished.appendLog(0, LogStream.STDOUT, bytes("half"));
        unfinished.close();

        List<BuildSpool> back = BuildSpool.recover(root);
        assertEquals(2, back.size());
        BuildSpool two = back.get(0);
        assertEquals(2, two.buildId());
        assertEquals(LEASE, two.lease());
        assertTrue(two.isFinished());
        assertEquals(6, two.produced());
        assertArrayEquals(bytes("hello\n"), two.chunk(0, 6).data());
        assertEquals(StageStatus.RUNNING, ((JournalEntry.Stage) two.event(0)).update().status());
        assertEquals(6, ((JournalEntry.Stage) two.event(1)).logMark());
        assertEquals(BuildResult.PASSED, ((JournalEntry.Finish) two.event(2)).result());
        assertFalse(back.get(1).isFinished());
        two.delete();
        assertFalse(Files.exists(root.resolve("2")));
        back.get(1).close();
    }

    @Test
    public void aFinishWhoseLogBytesAreMissingOnDiskIsNotTakenAsFinished() throws Exception {
        Path root = tmp.getRoot().toPath();
        BuildSpool spool = BuildSpool.create(root, job(4));
        spool.appendLog(0, LogStream.STDOUT, bytes("0123456789"));
        spool.finish(BuildResult.PASSED, null);
        spool.close();
        try (var ch = java.nio.channels.FileChannel.open(root.resolve("4/log"), StandardOpenOption.WRITE)) {
            ch.truncate(4); // a power loss took the tail of the log
        }
        BuildSpool back = BuildSpool.recover(root).get(0);
        assertFalse(back.isFinished());
        back.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

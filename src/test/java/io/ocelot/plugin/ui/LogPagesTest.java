package io.ocelot.plugin.ui;

import io.ocelot.core.api.LogPage;
import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class LogPagesTest {
    private static BuildReadModel.RawChunk chunk(long offset, String stream, byte[] data) {
        return new BuildReadModel.RawChunk(offset, 0, stream, data);
    }

    @Test
    public void aCharacterSplitAcrossTwoAppendsOfOneStreamIsJoined() {
        byte[] check = "✓".getBytes(StandardCharsets.UTF_8); // 3 bytes
        LogPage p = LogPages.page(1, 0, new BuildReadModel.LogSlice(List.of(
                chunk(0, "STDOUT", Arrays.copyOfRange(check, 0, 2)), chunk(2, "STDOUT", Arrays.copyOfRange(check, 2, 3))), 3, true));
        assertEquals(1, p.chunks().size());
        assertEquals("✓", p.chunks().get(0).text());
        assertTrue(p.complete());
    }

    @Test
    public void aPageStopsBeforeAnIncompleteCharacterAndBeforeAGap() {
        byte[] data = "ab✓".getBytes(StandardCharsets.UTF_8);
        LogPage p = LogPages.page(1, 0, new BuildReadModel.LogSlice(List.of(chunk(0, "STDERR", Arrays.copyOf(data, 4))), 10, false));
        assertEquals("ab", p.chunks().get(0).text());
        assertEquals(2, p.nextOffset());
        LogPage gap = LogPages.page(1, 0, new BuildReadModel.LogSlice(List.of(chunk(0, "STDOUT", "x".getBytes()),
                chunk(5, "STDOUT", "y".getBytes())), 6, false));
        assertEquals(1, gap.nextOffset());
    }
}

package io.ocelot.plugin.ui;

import io.ocelot.core.api.LogPage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns stored log bytes into a {@link LogPage} of text. Offsets stay byte offsets (what the werker sent and the
 * store holds), so a page must not end inside a UTF-8 sequence: the incomplete tail is left for the next page and
 * {@code nextOffset} says where it starts. Bytes that are not UTF-8 at all show as U+FFFD (never dropped silently:
 * the offsets still count them).
 */
public final class LogPages {
    private LogPages() {
    }

    public static LogPage page(long buildId, long offset, BuildReadModel.LogSlice slice) {
        // Join contiguous chunks of one stage and stream first: an append may end inside a character that the next
        // append of the same stream completes.
        List<BuildReadModel.RawChunk> runs = new ArrayList<>();
        long expected = offset;
        for (BuildReadModel.RawChunk c : slice.chunks()) {
            if (c.offset() != expected) {
                break; // a gap the store does not hold yet: stop before it, the tail asks again
            }
            expected += c.data().length;
            BuildReadModel.RawChunk prev = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (prev != null && prev.stage() == c.stage() && prev.stream().equals(c.stream())) {
                byte[] joined = Arrays.copyOf(prev.data(), prev.data().length + c.data().length);
                System.arraycopy(c.data(), 0, joined, prev.data().length, c.data().length);
                runs.set(runs.size() - 1, new BuildReadModel.RawChunk(prev.offset(), prev.stage(), prev.stream(), joined));
            } else {
                runs.add(c);
            }
        }
        List<LogPage.Chunk> chunks = new ArrayList<>();
        long next = offset;
        for (int i = 0; i < runs.size(); i++) {
            BuildReadModel.RawChunk c = runs.get(i);
            byte[] data = c.data();
            int usable = data.length;
            boolean endOfLog = c.offset() + data.length >= slice.length() && slice.finished();
            if (i == runs.size() - 1 && !endOfLog) {
                usable = completeUtf8Prefix(data);
            }
            if (usable == 0) {
                break;
            }
            chunks.add(new LogPage.Chunk(c.offset(), c.stage(), c.stream(),
                    new String(data, 0, usable, StandardCharsets.UTF_8)));
            next = c.offset() + usable;
        }
        boolean complete = slice.finished() && next >= slice.length();
        return new LogPage(buildId, offset, next, slice.length(), complete, chunks);
    }

    /** The length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
    static int completeUtf8Prefix(byte[] data) {
        int n = data.length;
        // look back at most 3 bytes for the lead byte of the last sequence
        for (int back = 1; back <= Math.min(4, n); back++) {
            int b = data[n - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // continuation byte
            }
            int need = (b & 0x80) == 0 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return back < need ? n - back : n;
        }
        return n;
    }
}

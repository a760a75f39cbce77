package io.ocelot.core.plan;

import org.junit.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

public class ChangedPathsTest {
    @Test
    public void theyAreReadOnFirstUseAndOnlyOnce() {
        AtomicInteger reads = new AtomicInteger();
        List<String> paths = ChangedPaths.later(() -> {
            reads.incrementAndGet();
            return List.of("src/a", "b");
        });
        BuildEvent event = BuildEvent.push("main", "abc", List.of("m"), paths);
        assertEquals("making the event reads nothing", 0, reads.get());
        assertEquals(List.of("src/a", "b"), event.changedPaths());
        assertEquals(2, event.changedPaths().size());
        assertEquals(1, reads.get());
    }

    @Test
    public void aReadThatFailsIsUnavailableWithItsReasonEachTimeItIsAsked() {
        IllegalStateException why = new IllegalStateException("CommitService: offline");
        List<String> paths = ChangedPaths.later(() -> {
            throw why;
        });
        ChangedPaths.Unavailable first = assertThrows(ChangedPaths.Unavailable.class, paths::size);
        assertSame(why, first.reason());
        assertSame(why, assertThrows(ChangedPaths.Unavailable.class, () -> paths.get(0)).reason());
    }

    @Test
    public void aPlainListIsCopiedAndNullIsEmpty() {
        java.util.ArrayList<String> mutable = new java.util.ArrayList<>(List.of("x"));
        List<String> copy = ChangedPaths.copyOf(mutable);
        mutable.add("y");
        assertEquals(List.of("x"), copy);
        assertEquals(List.of(), ChangedPaths.copyOf(null));
    }
}

package io.ocelot.core;

import org.junit.Test;

import static org.junit.Assert.assertEquals;

/** The one wording of byte counts, as log lines (human) and tables and pages (compact) show them. */
public class ByteSizesTest {
    @Test
    public void belowAKibibyteBothSayTheBytes() {
        assertEquals("0 B", ByteSizes.human(0));
        assertEquals("1023 B", ByteSizes.compact(1023));
    }

    @Test
    public void humanKeepsOneDecimal() {
        assertEquals("2.0 GiB", ByteSizes.human(2L << 30));
        assertEquals("146.5 KiB", ByteSizes.human(150_000));
        assertEquals("12.3 MiB", ByteSizes.human(12_900_000));
    }

    @Test
    public void compactDropsTheDecimalFromTenOn() {
        assertEquals("146 KiB", ByteSizes.compact(150_000));
        assertEquals("2.5 MiB", ByteSizes.compact(5L << 19));
        assertEquals("1024 TiB", ByteSizes.compact(1L << 50));
    }
}

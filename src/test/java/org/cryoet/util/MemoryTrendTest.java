package org.cryoet.util;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MemoryTrendTest {

    @Test
    void growthIsTheLeastSquaresSlopeAfterTheWarmUpQuarter() {
        MemoryTrend t = new MemoryTrend();
        // warm-up: a jump the fit must ignore; then 2 MiB per unit with alternating +-1 MiB noise
        for (int i = 1; i <= 25; i++) t.add(i, 100 + 20 * i);
        for (int i = 26; i <= 100; i++) t.add(i, 1000 + 2.0 * i + (i % 2 == 0 ? 1 : -1));
        assertEquals(100, t.count());
        assertEquals(26, t.fitStart());
        assertEquals(2.0, t.growthPerUnit(), 0.01);
        assertEquals(1201, t.finalMib(), 1e-9);
        assertEquals(1201, t.maxSampleMib(), 1e-9);
    }

    @Test
    void flatSeriesHasNoGrowthAndUnknownSamplesAreIgnored() {
        MemoryTrend t = new MemoryTrend();
        for (int i = 1; i <= 200; i++) t.add(i, i % 3 == 0 ? Double.NaN : 500);
        assertEquals(134, t.count());
        assertEquals(0.0, t.growthPerUnit(), 1e-12);
        assertTrue(Double.isNaN(new MemoryTrend().growthPerUnit()));
        assertEquals("not reported on this platform", new MemoryTrend().summary("call"));
    }

    @Test
    void procFieldsAreParsedInBytes() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("status", ".txt");
        java.nio.file.Files.writeString(f, "Name:\tjava\nVmHWM:\t  2048 kB\nVmRSS:\t   1024 kB\n");
        assertEquals(1024L * 1024, ProcessMemory.kibField(f, "VmRSS:"));
        assertEquals(2048L * 1024, ProcessMemory.kibField(f, "VmHWM:"));
        assertEquals(-1, ProcessMemory.kibField(f, "MemAvailable:"));
        java.nio.file.Files.delete(f);
    }
}

package org.cryoet.learn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LowMemoryWatchTest {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private static EngineMemory.Sample host(long available) {
        return new EngineMemory.Sample(2 * GIB, available, -1, -1);
    }

    @Test
    void marginIsTheLargerOf512MibAnd5PercentOfTheTotal() {
        assertEquals(512 * MIB, LowMemoryWatch.margin(4 * GIB));
        assertEquals((long) (0.05 * 24 * GIB), LowMemoryWatch.margin(24 * GIB));
    }

    @Test
    void warnsOnceWhenHostMemoryRunsLowAndAgainAfterRecovery() {
        LowMemoryWatch w = new LowMemoryWatch(24 * GIB); // margin 1.2 GiB
        assertNull(w.check(host(10 * GIB)));
        String first = w.check(host(1 * GIB));
        assertNotNull(first);
        assertTrue(first.contains("low host memory") && first.contains("1024.0 MiB available"), first);
        assertNull(w.check(host(900 * MIB)), "no repeat while still low");
        assertNull(w.check(host(2 * GIB)), "recovered, but not past twice the margin");
        assertNull(w.check(host(1000 * MIB)), "still armed off: never went above twice the margin");
        assertNull(w.check(host(3 * GIB)), "recovered past twice the margin");
        assertNotNull(w.check(host(1000 * MIB)), "warns again after recovering");
    }

    @Test
    void warnsWhenGpuMemoryRunsLow() {
        LowMemoryWatch w = new LowMemoryWatch(24 * GIB);
        assertNull(w.check(new EngineMemory.Sample(2 * GIB, 10 * GIB, 70 * GIB, 70 * GIB)));
        String warning = w.check(new EngineMemory.Sample(2 * GIB, 10 * GIB, 137 * GIB, 3 * GIB));
        assertNotNull(warning);
        assertTrue(warning.contains("low GPU memory"), warning);
    }

    @Test
    void unknownFiguresNeverWarn() {
        LowMemoryWatch w = new LowMemoryWatch(-1);
        assertNull(w.check(new EngineMemory.Sample(-1, 0, -1, -1)));
    }
}
